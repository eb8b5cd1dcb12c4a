/**
 * The PyTorch options of the layers (issue 20) against PyTorch 1.13
 * (test/fixtures/layer-options.json from scripts/golden/layer_options.py): pooling ceilMode and
 * divisorOverride, conv2d paddingMode, Embedding paddingIdx/maxNorm, BatchNorm2d, GroupNorm and the
 * attention masks; outputs and the gradients of Σ output·upstream, in float64.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { assertGradcheck, assertGradgradcheck, avgPool2d, conv2d, grad, maxPool2d, nn, randn, manualSeed, tensor, type Tensor } from '../src/index.js';
import { expectClose, toTensor, type T } from './losses/_fixtures.js';

type Any = any;
const cases: Any[] = JSON.parse(readFileSync(new URL('./fixtures/layer-options.json', import.meta.url), 'utf8')).cases;
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Output, then the gradients of Σ output·upstream wrt the float inputs. */
function checkFunction(c: Any, f: (...xs: Tensor[]) => Tensor): void {
  const inputs = (c.inputs as T[]).map((t) => toTensor(t));
  expectClose(f(...inputs), c.output, `${c.name} output`);
  const up = toTensor(c.upstream);
  const floats = inputs.flatMap((t, i) => (t.dtype === 'int32' ? [] : [i])).slice(0, c.grads.length);
  const gs = grad((...xs: Tensor[]) => f(...xs).mul(up).sum(), floats)(...inputs);
  gs.forEach((g, i) => expectClose(g, c.grads[i], `${c.name} gradient ${i}`));
}

/** A module's output and the gradients of its inputs and parameters (PyTorch names). */
function checkModule(c: Any, m: nn.Module, run: (xs: Tensor[]) => Tensor | [Tensor, Tensor]): void {
  m.loadStateDict(Object.fromEntries(Object.entries(c.params as Record<string, T>).map(([k, v]) => [k, toTensor(v)])), { keys: 'torch' });
  const inputs = (c.inputs as T[]).map((t, i) => (i < c.grads.length ? toTensor(t).requiresGrad_() : toTensor(t)));
  const result = run(inputs);
  const [y, w] = Array.isArray(result) ? result : [result, null];
  expectClose(y, c.output, 'output');
  let loss = y.mul(toTensor(c.upstream)).sum();
  if (c.weights) {
    expectClose(w!, c.weights, 'attention weights');
    loss = loss.add(w!.mul(toTensor(c.upstreamWeights)).sum());
  }
  loss.backward();
  inputs.slice(0, c.grads.length).forEach((t, i) => expectClose(t.grad!, c.grads[i], `input gradient ${i}`));
  const params = Object.fromEntries(m.namedState({ keys: 'torch' }));
  for (const [k, want] of Object.entries(c.paramGrads as Record<string, T>)) expectClose(params[k]!.grad!, want, `gradient of ${k}`);
}

const pick = (o: Any, keys: string[]) => Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));

for (const c of cases) {
  test(`${c.name}: matches PyTorch`, () => {
    const o = c.opts;
    switch (c.kind) {
      case 'maxPool2d':
        return checkFunction(c, (x) => maxPool2d(x, o.kernelSize, pick(o, ['stride', 'padding', 'dilation', 'ceilMode'])));
      case 'avgPool2d':
        return checkFunction(c, (x) => avgPool2d(x, o.kernelSize, pick(o, ['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'])));
      case 'conv2d': {
        const w = toTensor(c.params.weight), [O, Cg, kh, kw] = w.shape;
        const layer = new nn.Conv2d(Cg! * (o.groups ?? 1), O!, [kh!, kw!], { ...pick(o, ['stride', 'padding', 'dilation', 'groups', 'paddingMode']), bias: 'bias' in c.params, dtype: 'float64' });
        checkModule(c, layer, ([x]) => layer.forward(x!));
        // the functional form gives the same
        const b = c.params.bias ? toTensor(c.params.bias) : null;
        return expectClose(conv2d(toTensor(c.inputs[0]), w, b, pick(o, ['stride', 'padding', 'dilation', 'groups', 'paddingMode'])), c.output, 'conv2d()');
      }
      case 'embedding': {
        const w0 = toTensor(c.weightBefore);
        const e = new nn.Embedding(w0.shape[0]!, w0.shape[1]!, { ...pick(o, ['paddingIdx', 'maxNorm', 'normType']), dtype: 'float64' });
        e.loadStateDict({ weight: w0 });
        const y = e.forward(toTensor(c.inputs[0]));
        expectClose(y, c.output, 'output');
        expectClose(e.weight, c.weightAfter, 'weight after maxNorm');
        y.mul(toTensor(c.upstream)).sum().backward();
        return expectClose(e.weight.grad!, c.paramGrads.weight, 'weight gradient');
      }
      case 'batchNorm2d': return checkBatchNorm2d(c);
      case 'groupNorm': {
        const x = toTensor(c.inputs[0]);
        const gn = new nn.GroupNorm(o.numGroups, x.shape[1]!, { affine: o.affine, eps: o.eps, dtype: 'float64' });
        return checkModule(c, gn, ([x]) => gn.forward(x!));
      }
      case 'sdpa':
        return checkFunction(c, (q, k, v, mask) => nn.scaledDotProductAttention(q, k, v, { ...pick(o, ['isCausal']), ...(mask ? { attnMask: mask } : {}) }));
      case 'multiheadAttention': {
        const m = new nn.MultiheadAttention(8, 2, { dtype: 'float64' });
        return checkModule(c, m, (xs) => {
          const opts = { ...pick(o, ['needWeights', 'averageAttnWeights']), ...(o.attnMask !== undefined ? { attnMask: xs[o.attnMask] } : {}), ...(o.keyPaddingMask !== undefined ? { keyPaddingMask: xs[o.keyPaddingMask] } : {}) };
          const [q, k, v] = c.grads.length === 3 ? xs : [xs[0], xs[0], xs[0]];
          return m.forward(q!, k!, v!, opts as Any);
        });
      }
      default: throw new Error(`unknown kind ${c.kind}`);
    }
  });
}

function checkBatchNorm2d(c: Any): void {
  const bn = new nn.BatchNorm2d(c.steps[0].input.shape[1], { momentum: c.opts.momentum, affine: c.opts.affine, trackRunningStats: c.opts.trackRunningStats, dtype: 'float64' });
  if (c.weight) bn.loadStateDict({ ...bn.stateDict(), weight: toTensor(c.weight), bias: toTensor(c.bias) });
  if (!c.opts.trackRunningStats) assert.equal([bn.runningMean, bn.buffers().length, Object.keys(bn.stateDict({ keys: 'torch' }))], [null, 0, ['weight', 'bias']]);
  for (const [i, s] of (c.steps as Any[]).entries()) {
    const x = toTensor(s.input).requiresGrad_();
    const y = bn.forward(x);
    expectClose(y, s.output, `step ${i} output`);
    y.mul(toTensor(s.upstream)).sum().backward();
    [x, ...(c.weight ? [bn.weight!, bn.bias!] : [])].forEach((t, k) => expectClose(t.grad!, s.grads[k], `step ${i} gradient ${k}`));
    bn.zeroGrad();
    if (!c.opts.trackRunningStats) continue;
    expectClose(bn.runningMean!, s.runningMean, `step ${i} runningMean`, 1e-12);
    expectClose(bn.runningVar!, s.runningVar, `step ${i} runningVar`, 1e-12);
    assert.is(bn.numBatchesTracked!.item(), s.numBatchesTracked);
  }
  bn.eval();
  expectClose(bn.forward(toTensor(c.evalInput)), c.evalOutput, 'eval output');
}

test('fixture counts: every option has PyTorch cases', () => {
  const count = (re: RegExp) => cases.filter((c) => re.test(c.name)).length;
  assert.ok(count(/ceilMode/) >= 8 && count(/divisorOverride/) >= 2 && count(/paddingMode=(reflect|replicate|circular)/) >= 9);
  assert.ok(count(/paddingIdx/) >= 3 && count(/maxNorm/) >= 2 && count(/batchNorm2d/) >= 4 && count(/groupNorm/) >= 3);
  assert.ok(count(/^sdpa/) >= 4 && count(/^mha/) >= 7);
});

test("issue's examples: ceilMode 4×4, paddingIdx row gets no gradient, reflect conv, isCausal, MHA attnMask", () => {
  const x = randn([1, 1, 7, 6]);
  assert.equal(maxPool2d(x, 3, { stride: 2, padding: 1 }).shape, [1, 1, 4, 3]);
  assert.equal(maxPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true }).shape, [1, 1, 4, 4]);
  const e = new nn.Embedding(5, 3, { paddingIdx: 0 });
  assert.equal(e.weight.toArray()[0], [0, 0, 0]);
  e.forward(tensor([[0, 1, 0, 2]], { dtype: 'int32' })).sum().backward();
  assert.equal((e.weight.grad!.toArray() as number[][])[0], [0, 0, 0]);
  assert.equal((e.weight.grad!.toArray() as number[][])[1], [1, 1, 1]);
  assert.equal(conv2d(randn([1, 2, 5, 5]), randn([3, 2, 3, 3]), null, { padding: 1, paddingMode: 'reflect' }).shape, [1, 3, 5, 5]);
  const q = randn([2, 4, 8]);
  assert.equal(nn.scaledDotProductAttention(q, q, q, { isCausal: true }).shape, [2, 4, 8]);
  const m = new nn.MultiheadAttention(8, 2);
  assert.equal(m.forward(q, q, q, { attnMask: nn.causalMask(4, 4).eq(0) }).shape, [2, 4, 8]);
});

test('issue 23: a float additive mask (0 / −∞) is added, not read as 0/1 keep-mask', () => {
  manualSeed(5);
  const q = randn([2, 3, 4]), k = randn([2, 3, 4]), v = randn([2, 3, 2]);
  const additive = tensor([[0, -Infinity, -Infinity], [0, 0, -Infinity], [0, 0, 0]]);
  const viaFloat = nn.scaledDotProductAttention(q, k, v, { attnMask: additive }).toArray();
  assert.equal(viaFloat, nn.scaledDotProductAttention(q, k, v, { isCausal: true }).toArray());
  assert.equal(viaFloat, nn.scaledDotProductAttention(q, k, v, { attnMask: nn.causalMask(3, 3) }).toArray());
  // the old option name is an error, not a silently different meaning
  assert.throws(() => nn.scaledDotProductAttention(q, k, v, { mask: additive } as Any), /unknown option 'mask'/);
  assert.throws(() => nn.scaledDotProductAttention(q, k, v, { causal: true } as Any), /unknown option 'causal'.*isCausal/);
  // a float 0/1 mask is ambiguous (PyTorch would add it): refused with the fix
  assert.throws(() => nn.scaledDotProductAttention(q, k, v, { attnMask: tensor([[1, 0, 0], [1, 1, 0], [1, 1, 1]]) }), /int32/);
  assert.throws(() => nn.scaledDotProductAttention(q, k, v, { attnMask: additive, isCausal: true }), /not both/);
  assert.throws(() => nn.scaledDotProductAttention(q, k, v, { attnMask: tensor([0, 0]) }), /does not broadcast/);
});

test('issue 23: MultiheadAttention refuses a key batch that differs from the query batch', () => {
  const m = new nn.MultiheadAttention(8, 2);
  const q = randn([2, 3, 8]), kv = randn([1, 5, 8]);
  assert.throws(() => m.forward(q, kv, kv), /query's batch \(2\)/);
  assert.throws(() => m.forward(q, randn([2, 5, 8]), randn([2, 4, 8])), /one length/);
  assert.throws(() => m.forward(q, q, q, { attnMask: tensor([[0]], { dtype: 'int32' }) }), /attnMask must be \[3, 3\]/);
  assert.throws(() => m.forward(q, q, q, { keyPaddingMask: tensor([[0, 0]], { dtype: 'int32' }) }), /keyPaddingMask must be \[2, 3\]/);
  assert.throws(() => m.forward(q, q, q, { isCausal: true, attnMask: nn.causalMask(3, 3) }), /not both/);
  assert.throws(() => m.forward(q, q, q, { needweights: true } as Any), /did you mean 'needWeights'/);
});

test('option checks: unknown keys and bad values name the function and option', () => {
  const x = randn([1, 1, 4, 4]);
  assert.throws(() => maxPool2d(x, 2, { ceil_mode: true } as Any), /maxPool2d: unknown option 'ceil_mode'.*ceilMode/);
  assert.throws(() => avgPool2d(x, 2, { divisorOverride: 0 }), /avgPool2d: option divisorOverride/);
  assert.throws(() => conv2d(x, randn([1, 1, 3, 3]), null, { paddingMode: 'mirror' as Any }), /paddingMode must be one of 'zeros'/);
  assert.throws(() => conv2d(x, randn([1, 1, 3, 3]), null, { padding: 4, paddingMode: 'reflect' }), /needs padding < the input size/);
  assert.throws(() => conv2d(x, randn([1, 1, 3, 3]), null, { padding: 5, paddingMode: 'circular' }), /needs padding ≤/);
  assert.throws(() => new nn.Conv2d(1, 1, 3, { padding_mode: 'reflect' } as Any), /Conv2d: unknown option/);
  assert.throws(() => new nn.MaxPool2d(2, { ceil: true } as Any), /MaxPool2d: unknown option/);
  assert.throws(() => new nn.AvgPool2d(2, { divisorOverride: 1.5 }), /AvgPool2d: option divisorOverride/);
  assert.throws(() => new nn.Embedding(5, 3, { paddingIdx: 5 }), /paddingIdx 5 must be in \[-5, 5\)/);
  assert.throws(() => new nn.Embedding(5, 3, { padding_idx: 0 } as Any), /did you mean 'paddingIdx'/);
  assert.throws(() => new nn.BatchNorm2d(3).forward(randn([2, 3, 4])), /BatchNorm2d: input must be \[N, 3, H, W\]/);
  assert.throws(() => new nn.BatchNorm2d(3, { track_running_stats: false } as Any), /BatchNorm2d: unknown option/);
  assert.throws(() => new nn.GroupNorm(4, 6), /multiple of numGroups/);
  assert.throws(() => new nn.GroupNorm(2, 4).forward(randn([2, 3, 2])), /\[N, 4, \.\.\.\]/);
  assert.throws(() => new nn.MultiheadAttention(8, 2, { batchFirst: true } as Any), /MultiheadAttention: unknown option/);
  assert.throws(() => new nn.TransformerBlock(8, 2).forward(randn([1, 2, 8]), { mask: null } as Any), /TransformerBlock.forward: unknown option/);
  assert.throws(() => new nn.TransformerBlock(8, 2).forward(randn([1, 2, 8]), { attnMask: nn.causalMask(2, 2) }), /TransformerBlock: this block is causal/);
  assert.equal(new nn.TransformerBlock(8, 2, { causal: false }).forward(randn([1, 2, 8]), { attnMask: nn.causalMask(2, 2).eq(0) }).shape, [1, 2, 8]);
});

test('Embedding maxNorm leaves short rows alone and is identity in value for a padding row', () => {
  const e = new nn.Embedding(3, 2, { maxNorm: 10 });
  const before = e.weight.toArray();
  e.forward(tensor([0, 1, 2], { dtype: 'int32' }));
  assert.equal(e.weight.toArray(), before);
});
test('TransformerBlock: a padded key changes nothing for the other positions', () => {
  manualSeed(3);
  const block = new nn.TransformerBlock(8, 2, { ffDim: 16, causal: false });
  const x = randn([1, 4, 8]), changed = x.mul(tensor([1, 1, 1, 7]).reshape([1, 4, 1]));
  const keyPaddingMask = tensor([[0, 0, 0, 1]], { dtype: 'int32' });
  const a = block.forward(x, { keyPaddingMask }).slice(1, 0, 3).contiguousData(), b = block.forward(changed, { keyPaddingMask }).slice(1, 0, 3).contiguousData();
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) < 1e-5));
  const c = block.forward(changed).slice(1, 0, 3).contiguousData();
  assert.ok(Array.from(a).some((v, i) => Math.abs(v - c[i]!) > 1e-3), 'without the mask the last key matters');
});

test('the new compositions are differentiable twice (float64 gradcheck and gradgradcheck)', () => {
  manualSeed(7);
  const x = randn([1, 2, 5, 4], { dtype: 'float64' }), w = randn([2, 2, 3, 3], { dtype: 'float64' });
  for (const paddingMode of ['reflect', 'replicate', 'circular'] as const) {
    const f = (a: Tensor, b: Tensor) => conv2d(a, b, null, { padding: [2, 1], paddingMode }).tanh();
    assertGradcheck(f, [x, w]);
    assertGradgradcheck(f, [x, w]);
  }
  const pools = [
    (a: Tensor) => avgPool2d(a, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }).square(),
    (a: Tensor) => maxPool2d(a, 2, { stride: 3, padding: 1, ceilMode: true }).square(),
    (a: Tensor) => new nn.GroupNorm(1, 2, { dtype: 'float64' }).forward(a).square(),
  ];
  for (const f of pools) { assertGradcheck(f, [x]); assertGradgradcheck(f, [x]); }
  const q = randn([2, 3, 4], { dtype: 'float64' }), k = randn([2, 5, 4], { dtype: 'float64' }), v = randn([2, 5, 2], { dtype: 'float64' });
  const add = tensor([[0, -1, -Infinity, 0.5, 0], [0, 0, 0, -Infinity, -2], [0, 0.25, 0, 0, 0]], { dtype: 'float64' });
  const attn = (a: Tensor, b: Tensor, c: Tensor) => nn.scaledDotProductAttention(a, b, c, { attnMask: add });
  assertGradcheck(attn, [q, k, v]);
  assertGradgradcheck(attn, [q, k, v]);
});

test.run();
