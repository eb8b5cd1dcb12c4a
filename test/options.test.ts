/**
 * No option is ever ignored (issue 20). The list of functions comes from the exports, not from
 * this file: test/_exports.ts walks every function, class and method reachable from the entry
 * points (namespaces nn, nn.init, optim, losses, data, io, ... followed) and reads every exported
 * declaration's TypeScript signature in src/. Anything either reading finds with an options
 * parameter (named opts/options, destructured, typed `...Options` or an inline object type) must
 * have a row below (losses: a key of src/losses/options.ts, whose own test walks every option),
 * and each row proves that a misspelt key throws an error naming the function, the key, the keys
 * it takes and the closest one. Then the positional flags, and the option values issue 20/23 named.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tg from '../src/index.js';
import * as node from '../src/node.js';
import * as datasets from '../src/datasets/index.js';
import { lossOptions } from '../src/losses/options.js';
import { declarations, declaresOptions, hasOptionsParam, publicExports } from './_exports.js';

const { tensor, randn, nn, optim, data } = tg;
const x4 = () => randn([1, 1, 4, 4]);
const p = () => tensor([1, 2], { requiresGrad: true });
const f64 = (d: number[]) => tensor(d, { dtype: 'float64' });
const seq = () => randn([2, 3, 4]);
const xy = () => ({ x: randn([6, 2]), y: tensor([0, 1, 0, 1, 0, 1], { dtype: 'int32' }) });
const tmp = (name: string) => join(tmpdir(), `tapegrad-options-${process.pid}-${name}`);

/** A call of an export with an options object; `typo` is a slip of the key `near`; `fn` the name errors start with. */
interface Row {
  call: (opts: object) => unknown;
  typo: string;
  near: string;
  fn?: string;
  /** The row merges its options into required ones (`{ lr, ...o }`), so it cannot pass null through. */
  merges?: true;
}

/** Export path (as test/_exports.ts names it) → a call with its options. */
const rows: Record<string, Row> = {
  // creation
  tensor: { call: (o) => tensor([1, 2], o), typo: 'dtpye', near: 'dtype' },
  zeros: { call: (o) => tg.zeros([2], o), typo: 'requiresgrad', near: 'requiresGrad' },
  ones: { call: (o) => tg.ones([2], o), typo: 'dtyp', near: 'dtype' },
  full: { call: (o) => tg.full([2], 1, o), typo: 'dtyp', near: 'dtype' },
  zerosLike: { call: (o) => tg.zerosLike(p(), o), typo: 'dtyp', near: 'dtype' },
  onesLike: { call: (o) => tg.onesLike(p(), o), typo: 'dtyp', near: 'dtype' },
  arange: { call: (o) => tg.arange(0, 3, 1, o), typo: 'dtyp', near: 'dtype' },
  linspace: { call: (o) => tg.linspace(0, 1, 3, o), typo: 'dtyp', near: 'dtype' },
  eye: { call: (o) => tg.eye(2, o), typo: 'dtyp', near: 'dtype' },
  rand: { call: (o) => tg.rand([2], o), typo: 'generater', near: 'generator' },
  randn: { call: (o) => tg.randn([2], o), typo: 'generater', near: 'generator' },
  randint: { call: (o) => tg.randint(0, 3, [2], o), typo: 'generater', near: 'generator' },
  oneHot: { call: (o) => tg.oneHot(tensor([0, 1], { dtype: 'int32' }), 2, o), typo: 'dtyp', near: 'dtype' },
  // ops
  softmaxCrossEntropy: { call: (o) => tg.softmaxCrossEntropy(randn([2, 3]), tensor([0, 2], { dtype: 'int32' }), o), typo: 'label_smoothing', near: 'labelSmoothing' },
  cumsum: { call: (o) => tg.cumsum(randn([3]), 0, o), typo: 'revers', near: 'reverse' },
  'Tensor#cumsum': { call: (o) => randn([3]).cumsum(0, o), typo: 'revers', near: 'reverse', fn: 'cumsum' },
  variance: { call: (o) => tg.variance(randn([3]), 0, o), typo: 'keepDim', near: 'keepdim', fn: 'var' },
  'Tensor#var': { call: (o) => randn([3]).var(0, o), typo: 'unbaised', near: 'unbiased', fn: 'var' },
  std: { call: (o) => tg.std(randn([3]), 0, o), typo: 'correctoin', near: 'correction' },
  'Tensor#std': { call: (o) => randn([3]).std(0, o), typo: 'correctoin', near: 'correction', fn: 'std' },
  isclose: { call: (o) => tg.isclose(randn([2]), randn([2]), o), typo: 'equal_nan', near: 'equalNan' },
  'Tensor#isclose': { call: (o) => randn([2]).isclose(randn([2]), o), typo: 'rtl', near: 'rtol', fn: 'isclose' },
  allclose: { call: (o) => tg.allclose(randn([2]), randn([2]), o), typo: 'atl', near: 'atol' },
  'Tensor#allclose': { call: (o) => randn([2]).allclose(randn([2]), o), typo: 'atl', near: 'atol', fn: 'allclose' },
  conv2d: { call: (o) => tg.conv2d(x4(), randn([2, 1, 3, 3]), null, o), typo: 'strid', near: 'stride' },
  maxPool2d: { call: (o) => tg.maxPool2d(x4(), 3, o), typo: 'strid', near: 'stride' },
  avgPool2d: { call: (o) => tg.avgPool2d(x4(), 2, o), typo: 'count_include_pad', near: 'countIncludePad' },
  unfold: { call: (o) => tg.unfold(x4(), 2, o), typo: 'dilaton', near: 'dilation' },
  fold: { call: (o) => tg.fold(randn([1, 4, 9]), 4, 2, o), typo: 'paddin', near: 'padding' },
  // autograd, graph, export
  backwardSteps: { call: (o) => tg.backwardSteps(p().sum(), o), typo: 'retainGraf', near: 'retainGraph' },
  printSteps: { call: (o) => tg.printSteps(tg.backwardSteps(p().sum()), o), typo: 'value', near: 'values' },
  'Tensor#backward': { call: (o) => p().sum().backward(undefined, o), typo: 'retain_graph', near: 'retainGraph', fn: 'backward' },
  gradcheck: { call: (o) => tg.gradcheck((t) => t.sum(), [f64([1])], o), typo: 'atl', near: 'atol' },
  assertGradcheck: { call: (o) => tg.assertGradcheck((t) => t.sum(), [f64([1])], o), typo: 'rtl', near: 'rtol', fn: 'gradcheck' },
  gradgradcheck: { call: (o) => tg.gradgradcheck((t) => t.square().sum(), [f64([1])], o), typo: 'mod', near: 'mode' },
  assertGradgradcheck: { call: (o) => tg.assertGradgradcheck((t) => t.square().sum(), [f64([1])], o), typo: 'ep', near: 'eps', fn: 'gradgradcheck' },
  printGraph: { call: (o) => tg.printGraph(p().sum(), o), typo: 'parms', near: 'params' },
  toDot: { call: (o) => tg.toDot(p().sum(), o), typo: 'grad', near: 'grads' },
  customOp: { call: (o) => tg.customOp({ name: 'myCube', forward: (t) => t.pow(3), vjp: (g, { inputs: [t] }) => [g.mul(t!.square()).mul(3)], ...o }), typo: 'broadCast', near: 'broadcast', merges: true },
  exportOnnx: { call: (o) => tg.exportOnnx((t) => t.exp(), [randn([2])], o), typo: 'opSet', near: 'opset' },
  // optim
  SGD: { call: (o) => new optim.SGD([p()], { lr: 0.1, ...o }), typo: 'weight_decay', near: 'weightDecay' , merges: true },
  Adam: { call: (o) => new optim.Adam([p()], o), typo: 'amsGrad', near: 'amsgrad' },
  AdamW: { call: (o) => new optim.AdamW([p()], o), typo: 'beta', near: 'betas' },
  RMSprop: { call: (o) => new optim.RMSprop([p()], o), typo: 'momentm', near: 'momentum' },
  Adagrad: { call: (o) => new optim.Adagrad([p()], o), typo: 'lr_decay', near: 'lrDecay' },
  StepLR: { call: (o) => new optim.StepLR(new optim.SGD([p()], { lr: 1 }), { stepSize: 1, ...o }), typo: 'gama', near: 'gamma' , merges: true },
  CosineAnnealingLR: { call: (o) => new optim.CosineAnnealingLR(new optim.SGD([p()], { lr: 1 }), { tMax: 2, ...o }), typo: 'eta_min', near: 'etaMin' , merges: true },
  LinearLR: { call: (o) => new optim.LinearLR(new optim.SGD([p()], { lr: 1 }), o), typo: 'total_iters', near: 'totalIters' },
  ExponentialLR: { call: (o) => new optim.ExponentialLR(new optim.SGD([p()], { lr: 1 }), { gamma: 0.9, ...o }), typo: 'gama', near: 'gamma' , merges: true },
  ReduceLROnPlateau: { call: (o) => new optim.ReduceLROnPlateau(new optim.SGD([p()], { lr: 1 }), o), typo: 'minLR', near: 'minLr' },
  clipGradNorm: { call: (o) => optim.clipGradNorm([p()], 1, o), typo: 'norm_type', near: 'normType' },
  // nn
  'nn.Linear': { call: (o) => new nn.Linear(3, 2, o), typo: 'bais', near: 'bias', fn: 'Linear' },
  'nn.Conv2d': { call: (o) => new nn.Conv2d(1, 2, 3, o), typo: 'strid', near: 'stride', fn: 'Conv2d' },
  'nn.MaxPool2d': { call: (o) => new nn.MaxPool2d(3, o), typo: 'strid', near: 'stride', fn: 'MaxPool2d' },
  'nn.AvgPool2d': { call: (o) => new nn.AvgPool2d(2, o), typo: 'paddng', near: 'padding', fn: 'AvgPool2d' },
  'nn.Embedding': { call: (o) => new nn.Embedding(5, 3, o), typo: 'dtyp', near: 'dtype', fn: 'Embedding' },
  'nn.LayerNorm': { call: (o) => new nn.LayerNorm(3, o), typo: 'elementwise_affine', near: 'elementwiseAffine', fn: 'LayerNorm' },
  'nn.BatchNorm1d': { call: (o) => new nn.BatchNorm1d(3, o), typo: 'momentm', near: 'momentum', fn: 'BatchNorm1d' },
  'nn.Dropout': { call: (o) => new nn.Dropout(0.5, o), typo: 'generater', near: 'generator', fn: 'Dropout' },
  'nn.MLP': { call: (o) => new nn.MLP([2, 3, 1], 'relu', o), typo: 'dropuot', near: 'dropout', fn: 'MLP' },
  'nn.MultiheadAttention': { call: (o) => new nn.MultiheadAttention(4, 2, o), typo: 'dtyp', near: 'dtype', fn: 'MultiheadAttention' },
  'nn.MultiheadAttention#forward': { call: (o) => new nn.MultiheadAttention(4, 2).forward(seq(), seq(), seq(), o), typo: 'isCasual', near: 'isCausal', fn: 'MultiheadAttention.forward' },
  'nn.TransformerBlock': { call: (o) => new nn.TransformerBlock(4, 2, o), typo: 'ff_dim', near: 'ffDim', fn: 'TransformerBlock' },
  'nn.TransformerBlock#forward': { call: (o) => new nn.TransformerBlock(4, 2).forward(seq(), o), typo: 'atnMask', near: 'attnMask', fn: 'TransformerBlock.forward' },
  'nn.scaledDotProductAttention': { call: (o) => nn.scaledDotProductAttention(seq(), seq(), seq(), o), typo: 'scal', near: 'scale', fn: 'scaledDotProductAttention' },
  'nn.GroupNorm': { call: (o) => new nn.GroupNorm(2, 4, o), typo: 'afine', near: 'affine', fn: 'GroupNorm' },
  'nn.BatchNorm2d': { call: (o) => new nn.BatchNorm2d(3, o), typo: 'momentm', near: 'momentum', fn: 'BatchNorm2d' },
  'nn.Module#stateDict': { call: (o) => new nn.Linear(2, 1).stateDict(o), typo: 'key', near: 'keys', fn: 'stateDict' },
  'nn.Module#namedState': { call: (o) => new nn.Linear(2, 1).namedState(o), typo: 'kyes', near: 'keys', fn: 'namedState' },
  'io.encodeSafetensors': { call: (o) => tg.io.encodeSafetensors({ a: p() }, undefined, o), typo: 'int46', near: 'int64', fn: 'encodeSafetensors' },
  'nn.Module#loadStateDict': { call: (o) => new nn.Linear(2, 1).loadStateDict(new nn.Linear(2, 1).stateDict(), o), typo: 'strikt', near: 'strict', fn: 'loadStateDict' },
  'nn.kaimingUniform': { call: (o) => nn.init.kaimingUniform([3, 2], o), typo: 'nonLinearity', near: 'nonlinearity', fn: 'kaimingUniform' },
  'nn.xavierUniform': { call: (o) => nn.init.xavierUniform([3, 2], o), typo: 'gian', near: 'gain', fn: 'xavierUniform' },
  'nn.normal': { call: (o) => nn.init.normal([3], o), typo: 'sdt', near: 'std', fn: 'normal' },
  'nn.uniform': { call: (o) => nn.init.uniform([3], 0, 1, o), typo: 'dtyp', near: 'dtype', fn: 'uniform' },
  'nn.zeros': { call: (o) => nn.init.zeros([3], o), typo: 'dtyp', near: 'dtype', fn: 'init.zeros' },
  // data
  'data.batches': { call: (o) => { const { x, y } = xy(); return data.batches(x, y, { batchSize: 2, ...o }); }, typo: 'drop_last', near: 'dropLast', fn: 'batches' , merges: true },
  'data.trainTestSplit': { call: (o) => { const { x, y } = xy(); return data.trainTestSplit(x, y, o); }, typo: 'test_fraction', near: 'testFraction', fn: 'trainTestSplit' },
  'data.twoMoons': { call: (o) => data.twoMoons(10, o), typo: 'nosie', near: 'noise', fn: 'twoMoons' },
  'data.spirals': { call: (o) => data.spirals(10, o), typo: 'clases', near: 'classes', fn: 'spirals' },
  'data.gaussianClusters': { call: (o) => data.gaussianClusters(10, o), typo: 'sprad', near: 'spread', fn: 'gaussianClusters' },
  'data.imbalanced': { call: (o) => data.imbalanced(10, o), typo: 'minority_fraction', near: 'minorityFraction', fn: 'imbalanced' },
  'data.linearWithOutliers': { call: (o) => data.linearWithOutliers(10, o), typo: 'slop', near: 'slope', fn: 'linearWithOutliers' },
  'data.heteroscedastic': { call: (o) => data.heteroscedastic(10, o), typo: 'wigle', near: 'wiggle', fn: 'heteroscedastic' },
  'data.sources.twoMoons': { call: (o) => data.sources.twoMoons(10, o), typo: 'sed', near: 'seed', fn: 'twoMoons' },
  'data.sources.spirals': { call: (o) => data.sources.spirals(10, o), typo: 'sed', near: 'seed', fn: 'spirals' },
  'data.sources.gaussianClusters': { call: (o) => data.sources.gaussianClusters(10, o), typo: 'center', near: 'centers', fn: 'gaussianClusters' },
  'data.sources.imbalanced': { call: (o) => data.sources.imbalanced(10, o), typo: 'sed', near: 'seed', fn: 'imbalanced' },
  'data.sources.linearWithOutliers': { call: (o) => data.sources.linearWithOutliers(10, o), typo: 'x_range', near: 'xRange', fn: 'linearWithOutliers' },
  'data.sources.heteroscedastic': { call: (o) => data.sources.heteroscedastic(10, o), typo: 'sed', near: 'seed', fn: 'heteroscedastic' },
  'losses.labelSmoothing': { call: (o) => tg.losses.labelSmoothing(tensor([[0, 1]]), 0.1, o), typo: 'dim', near: 'dims', fn: 'labelSmoothing' },
  // tapegrad/node, tapegrad/datasets
  'node.save': { call: (o) => node.save(tmp('save.safetensors'), { a: p() }, o), typo: 'metdata', near: 'metadata', fn: 'save' },
  'node.saveOnnx': { call: (o) => node.saveOnnx(tmp('m.onnx'), (t) => t.exp(), [randn([2])], o), typo: 'inputnames', near: 'inputNames', fn: 'exportOnnx' },
  'node.writeDot': { call: (o) => node.writeDot(tmp('g.dot'), p().sum(), o), typo: 'rankDir', near: 'rankdir', fn: 'toDot' },
  'datasets.loadDigits': { call: (o) => datasets.loadDigits(o), typo: 'tran', near: 'train', fn: 'loadDigits' },
  'datasets.sources.loadDigits': { call: (o) => datasets.sources.loadDigits(o), typo: 'tset', near: 'test', fn: 'loadDigits' },
};

// Every criterion class (losses.torch, also reachable as nn.X) and every Keras loss object: a
// row each, derived from the namespaces, so a new class cannot skip the check. The abstract bases
// are reached through a subclass (their constructor is where the check happens).
const { torch: torchLosses, keras: kerasLosses } = tg.losses;
for (const [name, C] of Object.entries(torchLosses)) {
  if (typeof C !== 'function' || !(C.prototype instanceof torchLosses.Criterion)) continue;
  rows[`losses.torch.${name}`] = { call: (o) => new (C as new (o: object) => unknown)(o), typo: 'reductoin', near: 'reduction', fn: name };
}
rows['losses.torch.Criterion'] = { call: (o) => new torchLosses.MSELoss(o), typo: 'reducton', near: 'reduction', fn: 'MSELoss' };
for (const [name, C] of Object.entries(kerasLosses)) {
  if (typeof C !== 'function' || !(C.prototype instanceof kerasLosses.KerasLoss)) continue;
  rows[`losses.keras.${name}`] = { call: (o) => new (C as new (o: object) => unknown)(o), typo: 'reductoin', near: 'reduction', fn: `keras.${name}` };
}
rows['losses.keras.KerasLoss'] = { call: (o) => new kerasLosses.MeanSquaredError(o), typo: 'reducton', near: 'reduction', fn: 'keras.MeanSquaredError' };

const exported = publicExports();
const inTable = (paths: readonly string[]) =>
  paths.some((path) => path in rows || (path.startsWith('losses.') && (path.slice(7) in lossOptions || path.slice(7) in lossOptions)));

test('the derivation finds the surface: hundreds of exports, and the options parameters a reader would point at', () => {
  assert.ok(exported.length > 300, `${exported.length} exports`);
  const withOptions = exported.filter((e) => hasOptionsParam(e.params));
  assert.ok(withOptions.length > 120, `${withOptions.length} with options`);
  for (const path of ['toDot', 'nn.Linear', 'nn.MultiheadAttention#forward', 'nn.init.kaimingUniform', 'losses.mse', 'losses.keras.dice', 'data.sources.twoMoons', 'Tensor#backward']) {
    assert.ok(withOptions.some((e) => e.paths.includes(path)), path);
  }
  assert.not.ok(withOptions.some((e) => e.paths.includes('matmul') || e.paths.includes('Tensor#sum')));
  const decl = declarations();
  assert.ok(decl.filter(declaresOptions).length > 100);
  assert.ok(decl.some((d) => d.name === 'MultiheadAttention#forward' && declaresOptions(d)));
});

test('every export with an options parameter (by its run-time signature) has a row, or is a loss of the losses table', () => {
  const missing = exported.filter((e) => hasOptionsParam(e.params) && !inTable(e.paths)).map((e) => `${e.paths.join(' = ')}(${e.params})`);
  assert.equal(missing, [], `exports with options but no row:\n${missing.join('\n')}`);
  const stale = Object.keys(rows).filter((path) => !exported.some((e) => e.paths.includes(path)));
  assert.equal(stale, [], 'rows for no export');
});

test('every exported declaration whose TypeScript signature takes options has a row (same names, read from src/)', () => {
  const leaf = (path: string) => path.slice(Math.max(path.lastIndexOf('.'), -1) + 1);
  const covered = new Set<string>([
    ...exported.filter((e) => inTable(e.paths)).flatMap((e) => e.paths.map(leaf)),
    ...Object.keys(lossOptions).map(leaf),
  ]);
  const missing = declarations().filter((d) => declaresOptions(d) && !covered.has(d.name)).map((d) => `${d.file} ${d.name}(${d.params.replace(/\s+/g, ' ')})`);
  assert.equal(missing, [], `declarations with options but no row:\n${missing.join('\n')}`);
});

async function messageOf(f: () => unknown): Promise<string | null> {
  try {
    await f();
  } catch (e) {
    return (e as Error).message;
  }
  return null;
}

for (const [path, row] of Object.entries(rows)) {
  const fn = row.fn ?? path.split(/[.#]/).pop()!;
  test(`${path}: a misspelt option ('${row.typo}') is an error naming ${fn}, the key, the keys it takes and '${row.near}'`, async () => {
    assert.is(await messageOf(() => row.call({})), null, 'the same call without the typo must work');
    const m = await messageOf(() => row.call({ [row.typo]: 1 }));
    assert.ok(m !== null, 'no error');
    assert.ok(m!.startsWith(`${fn}: unknown option '${row.typo}' (${fn} takes `), m!);
    assert.ok(m!.includes(`did you mean '${row.near}'?`), m!);
    const taken = /takes ([^;)]*)/.exec(m!)![1]!.split(', ');
    assert.ok(taken.includes(row.near), m!);
    if (!row.merges) assert.ok((await messageOf(() => row.call(null as never))) !== null, 'null is not an options object');
  });
}

// ---------------------------------------------------------------- positional flags

const v = () => tensor([[3, 1, 2], [0, 5, 4]]);
const flagCalls: [string, (flag: never) => unknown][] = [
  ['sort', (f) => tg.sort(v(), 0, f)],
  ['sort', (f) => v().sort(0, f)],
  ['argsort', (f) => tg.argsort(v(), 0, f)],
  ['topk', (f) => tg.topk(v(), 1, 0, f)],
  ['topk', (f) => v().topk(1, 0, f)],
  ['argmax', (f) => tg.argmax(v(), 0, f)],
  ['argmin', (f) => v().argmin(0, f)],
  ['sum', (f) => tg.sum(v(), 0, f)],
  ['mean', (f) => v().mean(0, f)],
  ['max', (f) => v().max(0, f)],
  ['min', (f) => tg.min(v(), 0, f)],
  ['prod', (f) => v().prod(0, f)],
  ['logsumexp', (f) => v().logsumexp(0, f)],
  ['norm', (f) => v().norm(2, 0, f)],
  ['pNorm', (f) => tg.pNorm(v(), 2, 0, f)],
  ['requiresGrad', (f) => v().requiresGrad_(f)],
  ['train', (f) => new nn.Linear(2, 1).train(f)],
];
test('positional flags take true or false only: an object, a number or a string is an error naming the function and the flag', () => {
  for (const [fn, call] of flagCalls) {
    for (const bad of [{ descending: false }, 1, 'true', null]) {
      assert.throws(() => call(bad as never), (e: Error) => e.message.startsWith(`${fn}: `) && e.message.includes('must be true or false'), `${fn}(${JSON.stringify(bad)})`);
    }
    call(false as never);
  }
  assert.throws(() => tg.scope('block', () => 1, 'modul' as never), /^scope: kind must be 'named' or 'module', got 'modul'/);
  // issue 20's example: an options object where descending is expected used to sort descending
  assert.throws(() => tg.sort(tensor([2, 1, 3]), 0, { descending: false } as never), /^sort: descending must be true or false, got an object/);
  assert.equal(tg.sort(tensor([2, 1, 3]), 0, false).values.toArray(), [1, 2, 3]);
});

// ---------------------------------------------------------------- the calls of issue 20 that silently ran

test('issue 20: the silently wrong calls are errors now', () => {
  const x = randn([1, 1, 8, 8]);
  assert.throws(() => tg.maxPool2d(x, 3, { strid: 2 } as never), /^maxPool2d: unknown option 'strid' \(maxPool2d takes stride, padding, dilation.*did you mean 'stride'\?\)$/);
  assert.throws(() => new nn.Linear(3, 2, { bais: false } as never), /^Linear: unknown option 'bais' .*did you mean 'bias'/);
  assert.throws(() => new nn.Conv2d(1, 1, 3, { stride: 0 }), /^Conv2d: option stride must be an integer ≥ 1 or a pair of them, got 0/);
  assert.throws(() => tg.conv2d(x, randn([1, 1, 3, 3]), null, { groups: 0 }), /^conv2d: option groups must be an integer ≥ 1, got 0/);
  assert.throws(() => tg.conv2d(x, randn([1, 1, 3, 3]), { stride: 2 } as never), /^conv2d: bias \(the third argument; options come fourth\) must be a Tensor/);
  assert.throws(() => new nn.Dropout(0.5, { p: 0.1 } as never), /^Dropout: unknown option 'p'/);
  assert.throws(() => tg.maxPool2d(x, 3, { padding: -1 }), /^maxPool2d: option padding must be an integer ≥ 0/);
  assert.throws(() => tg.avgPool2d(x, 9), /^avgPool2d: a 9×9 window .* does not fit input \[1,1,8,8\]/);
  assert.throws(() => nn.scaledDotProductAttention(seq(), seq(), seq(), { isCausal: 'yes' } as never), /^scaledDotProductAttention: option isCausal must be true or false, got 'yes'/);
  assert.throws(() => new nn.MLP([2, 1], 'relu', { dropout: 1.5 }), /^MLP: option dropout must be a number in \[0, 1\], got 1.5/);
  assert.throws(() => new nn.BatchNorm1d(3, { momentum: -0.1 }), /^BatchNorm1d: option momentum must be a number in \[0, 1\] or null, got -0.1/);
});

// ---------------------------------------------------------------- issue 23: nn.init and layer dtypes

test('issue 23: nn.init follows PyTorch 1.13 (calculate_gain table, fan modes), spelt in camelCase; PyTorch spellings are errors that name ours', () => {
  const { init } = nn;
  // PyTorch 1.13 calculate_gain
  const gains: [tg.nn.init.Nonlinearity, number][] = [
    ['linear', 1], ['conv1d', 1], ['conv2d', 1], ['conv3d', 1], ['convTranspose1d', 1], ['convTranspose2d', 1], ['convTranspose3d', 1],
    ['sigmoid', 1], ['tanh', 5 / 3], ['relu', Math.SQRT2], ['leakyRelu', Math.sqrt(2 / (1 + 0.01 ** 2))], ['selu', 0.75],
  ];
  for (const [name, g] of gains) assert.is(init.gain(name), g, name);
  assert.is(init.gain('leakyRelu', 0.2), Math.sqrt(2 / 1.04));
  assert.throws(() => init.gain('bogus' as never), /^init.gain: unknown nonlinearity 'bogus' \(takes linear, conv1d/);
  assert.throws(() => init.gain('leaky_relu' as never), /^init.gain: unknown nonlinearity 'leaky_relu' \(PyTorch's 'leaky_relu' is 'leakyRelu' here\)/);
  assert.throws(() => init.gain('relu', NaN), /^init.gain: a must be a finite number, got NaN/);
  // fan modes: NaN weights before
  assert.throws(() => init.kaimingUniform([3, 2], { mode: 'fan_in' as never }), /^kaimingUniform: option mode must be 'fanIn' or 'fanOut' \(PyTorch's 'fan_in' and 'fan_out', in camelCase\), got 'fan_in'/);
  assert.throws(() => init.kaimingUniform([3, 2], { nonlinearity: 'leaky_relu' as never }), /^kaimingUniform: option nonlinearity must be one of .*PyTorch's 'leaky_relu' is 'leakyRelu'.*got 'leaky_relu'/);
  const w = init.kaimingUniform([300, 200], { mode: 'fanOut', nonlinearity: 'relu', dtype: 'float64' });
  const bound = Math.SQRT2 * Math.sqrt(3 / 300);
  const values = Array.from(w.contiguousData());
  assert.ok(values.every((u) => Math.abs(u) <= bound) && Math.max(...values.map(Math.abs)) > 0.98 * bound);
  // value domains
  assert.throws(() => init.normal([3], { std: NaN }), /^normal: option std must be a finite number ≥ 0, got NaN/);
  assert.throws(() => init.normal([3], { std: -1 }), /^normal: option std must be a finite number ≥ 0, got -1/);
  assert.throws(() => init.normal([3], { mean: Infinity }), /^normal: option mean must be a finite number, got Infinity/);
  assert.throws(() => init.uniform([3], 1, 0), /^uniform: low \(1\) must be ≤ high \(0\)/);
  assert.throws(() => init.uniform([3], 0, NaN), /^uniform: high must be a finite number, got NaN/);
  assert.equal(init.uniform([2], 0.5, 0.5).toArray(), [0.5, 0.5]); // low = high is PyTorch's too
  assert.equal(init.kaimingUniform([3, 0]).shape, [3, 0]); // no elements: nothing to draw, as PyTorch's no-op
  assert.equal(init.xavierUniform([0, 0, 3]).shape, [0, 0, 3]);
  assert.throws(() => init.xavierUniform([3, 2], { gain: -1 }), /^xavierUniform: option gain must be a finite number ≥ 0/);
  // shapes and dtypes, as tensor/full refuse them
  for (const [name, call] of [
    ['uniform', () => init.uniform([2.5], 0, 1)], ['normal', () => init.normal([2.5])], ['kaimingUniform', () => init.kaimingUniform([2.5, 2])],
    ['xavierUniform', () => init.xavierUniform([2, 2.5])], ['zeros', () => init.zeros([2.5])],
  ] as const) {
    assert.throws(call, (e: Error) => e.message.includes(`${name}: shape [`) && e.message.includes('must hold integers ≥ 0'), name);
  }
  assert.throws(() => init.normal([2], { dtype: 'float16' as never }), /^normal: option dtype must be 'float32' or 'float64', got 'float16'/);
  assert.throws(() => init.uniform([2], 0, 1, { dtype: 'int32' as never }), /^uniform: option dtype must be 'float32' or 'float64', got 'int32'/);
});

test('issue 23: a layer dtype other than float32/float64 is an error naming the layer (it filled an Int32Array before)', () => {
  const layers: [string, (o: object) => unknown][] = [
    ['Linear', (o) => new nn.Linear(4, 3, o)], ['Conv2d', (o) => new nn.Conv2d(1, 2, 3, o)], ['Embedding', (o) => new nn.Embedding(5, 3, o)],
    ['MultiheadAttention', (o) => new nn.MultiheadAttention(4, 2, o)], ['TransformerBlock', (o) => new nn.TransformerBlock(4, 2, o)],
    ['LayerNorm', (o) => new nn.LayerNorm(4, o)], ['BatchNorm1d', (o) => new nn.BatchNorm1d(4, o)], ['MLP', (o) => new nn.MLP([2, 1], 'relu', o)],
  ];
  for (const [name, make] of layers) {
    for (const dtype of ['float16', 'int32', 'bfloat16']) {
      assert.throws(() => make({ dtype }), new RegExp(`^${name}: option dtype must be 'float32' or 'float64', got '${dtype}'`), `${name} ${dtype}`);
    }
    make({ dtype: 'float64' });
  }
  assert.is(new nn.Linear(4, 3, { dtype: 'float64' }).weight.data.data.constructor, Float64Array);
});

test.run();
