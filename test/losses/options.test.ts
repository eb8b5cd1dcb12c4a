/**
 * Every loss × every option, from the one table in src/losses/options.ts: a fixed catalogue of bad
 * values per domain and fast-check's arbitrary values (fixed seed, bounded runs). A value outside
 * the option's domain must throw an error naming the loss and the option; a value inside must never
 * be rejected as that option. Plus the contract of the losses.keras functions (agg, shapes, scope,
 * finite gradients) and the issue-8 bad-input table of the losses.
 */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grad, losses, oneHot, printGraph, tensor, type Tensor } from '../../src/index.js';
import { domains, lossOptions, type Domain, type DomainName, type LossName } from '../../src/losses/options.js';
import { int32, normal64, uniform64 } from '../helpers.js';
import { specs } from './_specs.js';
import { torchArgs } from './_torch-args.js';

type Fn = (...args: unknown[]) => Tensor;
const N = 3, C = 4;
const probs = (seed: number) => normal64([N, C], seed).mul(1.5).softmax(1);
const sigmoid = (seed: number) => normal64([N, C], seed).mul(1.5).sigmoid();
const kerasArgs: Record<string, () => Tensor[]> = {
  meanSquaredError: () => [normal64([N, C], 1), normal64([N, C], 2)],
  meanAbsoluteError: () => [normal64([N, C], 1), normal64([N, C], 2)],
  meanAbsolutePercentageError: () => [normal64([N, C], 1), uniform64([N, C], 0.5, 2, 2)],
  meanSquaredLogarithmicError: () => [uniform64([N, C], 0.1, 3, 1), uniform64([N, C], 0.1, 3, 2)],
  huber: () => [normal64([N, C], 1).mul(2), normal64([N, C], 2)],
  logCosh: () => [normal64([N, C], 1), normal64([N, C], 2)],
  poisson: () => [uniform64([N, C], 0.1, 3, 1), uniform64([N, C], 0, 4, 2)],
  kld: () => [probs(1), probs(2)],
  cosineSimilarity: () => [normal64([N, C], 1), normal64([N, C], 2)],
  hinge: () => [normal64([N, C], 1), normal64([N, C], 2).gt(0)],
  squaredHinge: () => [normal64([N, C], 1), normal64([N, C], 2).sign()],
  categoricalHinge: () => [normal64([N, C], 1), oneHot(int32([2, 0, 3]), C).to('float64')],
  dice: () => [sigmoid(1), normal64([N, C], 2).gt(0)],
  tversky: () => [sigmoid(1), uniform64([N, C], 0, 1, 2)],
  binaryCrossentropy: () => [sigmoid(1), uniform64([N, C], 0, 1, 2)],
  categoricalCrossentropy: () => [probs(1), probs(2)],
  sparseCategoricalCrossentropy: () => [probs(1), int32([2, 0, 3])],
  binaryFocalCrossentropy: () => [sigmoid(1), uniform64([N, C], 0, 1, 2)],
  categoricalFocalCrossentropy: () => [probs(1), probs(2)],
};


const K = losses.keras as unknown as Record<string, Fn>;
const Tn = losses.torch as unknown as Record<string, Fn>;
const L = losses as unknown as Record<string, Fn>;
/** A Keras loss object's function (`KLDivergence` is `kld`, the rest its name in camelCase). */
const kerasFunctionOf = (cls: string): string => (cls === 'KLDivergence' ? 'kld' : cls[0].toLowerCase() + cls.slice(1));
const isClass = (name: string) => /^[A-Z]/.test(name);
type Ctor = new (opts?: unknown) => { forward: (...a: unknown[]) => Tensor };
/** A Keras object's row is called as construct-then-forward, with Keras' (yTrue, yPred). */
const objectCall = (cls: string): Fn => (...a: unknown[]) => new (K[cls] as unknown as Ctor)(a[2]).forward(a[1], a[0]);
const fnOf = (loss: LossName): Fn => {
  const [ns, name] = loss.includes('.') ? loss.split('.') : ['', loss];
  if (ns === 'keras') return isClass(name) ? objectCall(name) : K[name];
  return ns === 'torch' ? Tn[name] : L[name];
};
const argsOf = (loss: LossName): unknown[] => {
  const [ns, name] = loss.includes('.') ? loss.split('.') : ['', loss];
  if (ns === 'keras') return kerasArgs[isClass(name) ? kerasFunctionOf(name) : name]();
  return ns === 'torch' ? torchArgs[name]() : specs[name].args();
};
const names = Object.keys(lossOptions) as LossName[];
/** A table entry's domain: a named one, or a Domain of its own (oneOf). */
const domainOf = (d: DomainName | Domain): Domain => (typeof d === 'string' ? domains[d] : d);
/** Bad values of a Domain of its own: every catalogue value outside it. */
const badOf = (d: DomainName | Domain): unknown[] =>
  typeof d === 'string' ? bad[d] : [...new Set(Object.values(bad).flat())].filter((v) => !d.ok(v)).concat(['bogus', 'batchmean', 3]).filter((v) => !d.ok(v));

function messageOf(f: () => unknown): string | null {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return null;
}

test('the option table covers every exported loss and every losses.keras function, and nothing else', () => {
  const exported = [
    ...Object.keys(specs),
    ...Object.keys(losses.keras).filter((k) => typeof (losses.keras as Record<string, unknown>)[k] === 'function' && k !== 'KerasLoss').map((k) => `keras.${k}`),
    ...Object.keys(losses.torch).filter((k) => !/^[A-Z]/.test(k)).map((k) => `torch.${k}`),
  ].sort();
  assert.equal([...names].sort(), exported);
  assert.equal(Object.keys(kerasArgs).sort(), Object.keys(losses.keras).filter((k) => !/^[A-Z]/.test(k)).sort());
  assert.equal(Object.keys(torchArgs).sort(), Object.keys(losses.torch).filter((k) => !/^[A-Z]/.test(k)).sort());
  assert.is(Object.keys(torchArgs).length, 21);
  const objects = Object.keys(losses.keras).filter((k) => isClass(k) && k !== 'KerasLoss');
  assert.is(objects.length, 19);
  assert.equal(objects.map(kerasFunctionOf).sort(), Object.keys(kerasArgs).sort());
});

/** Values outside each domain (each must fail the domain's own test). */
const bad: Record<DomainName, unknown[]> = {
  agg: ['bogus', 'avg', 1, null, true],
  dim: [1.5, NaN, '1', null],
  axes: [1.5, [], [0.5], 'x', null],
  integer: [0.5, NaN, Infinity, '1', null],
  real: [NaN, Infinity, -Infinity, '1', null],
  positive: [0, -1, NaN, Infinity, '1'],
  nonNegative: [-1e-9, -1, NaN, Infinity, '1', null],
  unit: [-0.1, 1.1, NaN, '0.5', null],
  smoothing: [1, -0.1, NaN, null],
  cosine: [1.5, -1.1, NaN, null],
  bool: [1, 'true', null],
  tensor: [1, [1, 2], 'x', null],
  floatDType: ['float16', 'int32', 1, null],
  weights: [-1, NaN, 'x', [1], null],
  positiveInt: [0, 1.5, -1, NaN, '1', null],
  nonNegativeInt: [-1, 0.5, NaN, '0', null],
  string: [1, null, true],
  function: [1, 'f', null],
  any: [],
};

test('the bad-value catalogue lies outside each domain', () => {
  for (const [d, values] of Object.entries(bad)) for (const v of values) assert.not.ok(domains[d as DomainName].ok(v), `${d}: ${String(v)}`);
});

let cases = 0;
for (const loss of names) {
  const options = lossOptions[loss] as Record<string, DomainName | Domain>;
  test(`${loss}: every bad value of every option (${Object.keys(options).join(', ')}) and an unknown option are errors naming both`, () => {
    const args = argsOf(loss);
    assert.not.ok(messageOf(() => fnOf(loss)(...args)), String(messageOf(() => fnOf(loss)(...args))));
    for (const [option, domain] of Object.entries(options)) {
      for (const v of badOf(domain)) {
        const m = messageOf(() => fnOf(loss)(...args, { [option]: v }));
        assert.ok(m !== null && m.startsWith(`${loss}: `) && m.includes(option), `${loss} ${option}=${String(v)}: ${m}`);
        cases++;
      }
    }
    const m = messageOf(() => fnOf(loss)(...args, { lableSmoothing: 0.1 }));
    assert.ok(m !== null && m.startsWith(`${loss}: unknown option 'lableSmoothing'`), String(m));
    assert.ok(messageOf(() => fnOf(loss)(...args, 'mean')) !== null);
  });
}

test('fast-check: any value either lies in the option’s domain or is rejected naming the loss and the option', () => {
  const anything = fc.oneof(
    fc.double(), fc.integer({ min: -5, max: 5 }), fc.constantFrom(NaN, Infinity, -Infinity, 0, 1, -1, 0.5, 1e-300),
    fc.string({ maxLength: 3 }), fc.boolean(), fc.constant(null), fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 3 }),
    fc.constantFrom('mean', 'sum', 'none'),
  );
  let checked = 0;
  for (const loss of names) {
    const args = argsOf(loss);
    for (const [option, domain] of Object.entries(lossOptions[loss] as Record<string, DomainName | Domain>)) {
      fc.assert(
        fc.property(anything, (v) => {
          const m = messageOf(() => fnOf(loss)(...args, { [option]: v }));
          const rejected = m !== null && m.startsWith(`${loss}: option ${option} must be`);
          checked++;
          return domainOf(domain).ok(v) ? !rejected : rejected;
        }),
        { seed: 15, numRuns: 25 },
      );
    }
  }
  assert.ok(checked > 2500, `${checked} checks`);
  assert.ok(cases > 400, `${cases} catalogue cases`);
});

// ---------------------------------------------------------------- the losses.keras contract

for (const name of Object.keys(kerasArgs)) {
  test(`keras.${name}: 'mean' is the mean of the per-sample 'none', 'sum' their sum; one named box; finite gradients`, () => {
    const args = kerasArgs[name]();
    const none = K[name](...args, { agg: 'none' });
    const perSample = ['dice', 'tversky'].includes(name) ? [] : [N];
    assert.equal(none.shape, perSample);
    assert.ok(Math.abs(K[name](...args).item() - none.mean().item()) < 1e-12);
    assert.ok(Math.abs(K[name](...args, { agg: 'sum' }).item() - none.sum().item()) < 1e-12);
    const x = tensor(args[0], { requiresGrad: true });
    assert.is(printGraph(K[name](x, args[1])).split('\n')[0], `keras.${name}`);
    const g = grad((t: Tensor) => K[name](t, args[1]))(args[0]);
    assert.ok(Array.from(g.contiguousData()).every(Number.isFinite));
    const m = messageOf(() => K[name](args[0].unsqueeze(-1), args[1]));
    assert.ok(m !== null && m.startsWith(`keras.${name}: `), String(m));
  });
}

// ---------------------------------------------------------------- issue 8: the losses' bad-input table

const f64 = (d: number[] | number[][]) => tensor(d, { dtype: 'float64' });
const badInputs: [string, () => unknown, string[]][] = [
  ['huberLoss δ = 0', () => L.huberLoss(f64([1]), f64([0]), { delta: 0 }), ['huberLoss', 'delta']],
  ['huberLoss δ < 0', () => L.huberLoss(f64([1]), f64([0]), { delta: -1 }), ['huberLoss', 'delta']],
  ['smoothL1Loss β < 0', () => L.smoothL1Loss(f64([1]), f64([0]), { beta: -0.5 }), ['smoothL1Loss', 'beta']],
  ['focalLoss γ < 0', () => L.focalLoss(probs(1), probs(2), { gamma: -1 }), ['focalLoss', 'gamma']],
  ['binaryFocalLoss γ < 0 (never posPow)', () => L.binaryFocalLoss(sigmoid(1), sigmoid(2), { gamma: -0.5 }), ['binaryFocalLoss', 'gamma']],
  ['selfAdjustingDiceLoss α < 0', () => L.selfAdjustingDiceLoss(sigmoid(1), sigmoid(2), { alpha: -1 }), ['selfAdjustingDiceLoss', 'alpha']],
  ['tripletMarginLoss p = 0', () => L.tripletMarginLoss(f64([[0, 1]]), f64([[1, 1]]), f64([[2, 1]]), { p: 0 }), ['tripletMarginLoss', 'option p']],
  ['tripletMarginLoss p < 0', () => L.tripletMarginLoss(f64([[0, 1]]), f64([[1, 1]]), f64([[2, 1]]), { p: -2 }), ['tripletMarginLoss', 'option p']],
  ['crossentropy eps < 0', () => L.crossentropy(probs(1), probs(2), { eps: -1e-7 }), ['crossentropy', 'eps']],
  ['kldivergence eps NaN', () => L.kldivergence(probs(1), probs(2), { eps: NaN }), ['kldivergence', 'eps']],
  ['siameseContrastiveLoss margin < 0', () => L.siameseContrastiveLoss(f64([1]), f64([1]), { margin: -1 }), ['siameseContrastiveLoss', 'margin']],
  ['agg bogus', () => L.mse(f64([1]), f64([1]), { agg: 'bogus' }), ['mse', 'agg', "'bogus'"]],
  ['binaryCrossentropy NaN ŷ', () => L.binaryCrossentropy(f64([NaN, 0.5]), f64([1, 0])), ['binaryCrossentropy', '[0, 1]', 'NaN']],
  ['binaryFocalLoss NaN ŷ', () => L.binaryFocalLoss(f64([0.5, NaN]), f64([1, 0])), ['binaryFocalLoss', 'NaN']],
  ['siameseContrastiveLoss NaN y', () => L.siameseContrastiveLoss(f64([0.5, 1]), f64([NaN, 0])), ['siameseContrastiveLoss', 'NaN']],
  ['classBalancedWeights zero count', () => L.classBalancedWeights([100, 0], 0.9), ['classBalancedWeights', 'count', '0']],
  ['classBalancedWeights negative count', () => L.classBalancedWeights([100, -5], 0.9), ['classBalancedWeights', '-5']],
  ['logitCrossentropy float class indices', () => L.logitCrossentropy(normal64([3, 4]), f64([0, 1, 2])), ['logitCrossentropy', 'int32', "y.to('int32')"]],
  ['crossentropy float class indices', () => L.crossentropy(probs(1), f64([0, 1, 2])), ['crossentropy', 'int32']],
  ['dense target with ignoreIndex', () => L.logitCrossentropy(normal64([3, 4]), probs(2), { ignoreIndex: 0 }), ['logitCrossentropy', 'ignoreIndex']],
  ['exponentialLoss 0/1 labels', () => L.exponentialLoss(f64([0.5, -1]), f64([0, 1])), ['exponentialLoss', 'labels', 'losses.keras.hinge']],
  ['perceptronLoss 0/1 labels', () => L.perceptronLoss(f64([0.5, -1]), f64([1, 0])), ['perceptronLoss', '-1 or 1']],
  ['mse constant target NaN', () => L.mse(f64([0.5, -1]), NaN), ['mse', 'constant target', 'NaN']],
];
for (const [what, run, parts] of badInputs) {
  test(`bad input: ${what}`, () => {
    const m = messageOf(run);
    assert.ok(m !== null, 'did not throw');
    for (const p of parts) assert.ok(m!.includes(p), `"${m}" lacks "${p}"`);
    assert.not.ok(m!.includes('posPow') || m!.includes('pNorm'), m!);
  });
}

test('NaN in never becomes a finite number out: smape, zeroOneLoss, and the rest propagate it', () => {
  const nan = f64([NaN, 1]), one = f64([1, 1]);
  for (const name of ['smape', 'zeroOneLoss', 'mse', 'mae', 'logCoshLoss', 'mape', 'hingeLoss']) {
    const v = L[name](nan, one, { agg: 'none' }).toArray() as number[];
    assert.ok(Number.isNaN(v[0]), `${name}: ${v}`);
    assert.ok(Number.isNaN(L[name](nan, one).item()), name);
  }
  assert.equal(L.smape(f64([0, 1]), f64([0, 1]), { agg: 'none' }).toArray(), [0, 0]);
});

test('poissonLoss: Flux’s ε = 0 gives +∞ at a zero rate with a count; eps: 1e-8 (PyTorch’s) keeps it finite', () => {
  const v = L.poissonLoss(f64([0, 1]), f64([2, 1]), { agg: 'none', eps: 1e-8 }).toArray() as number[];
  assert.ok(Math.abs(v[0] - -2 * Math.log(1e-8)) < 1e-9);
  assert.is(L.poissonLoss(f64([0]), f64([2])).item(), Infinity);
  assert.is(L.poissonLoss(f64([0]), f64([0])).item(), 0);
});

test('hingeLoss and squaredHingeLoss take any real label (Flux); 0/1 labels are not converted', () => {
  assert.ok(Math.abs(L.hingeLoss(f64([0.5, -1]), f64([0, 1])).item() - 1.5) < 1e-15);
  assert.ok(Math.abs(L.squaredHingeLoss(f64([0.5, -1]), f64([2, 0.5])).item() - (0 + 1.5 ** 2) / 2) < 1e-15);
});

test.run();
