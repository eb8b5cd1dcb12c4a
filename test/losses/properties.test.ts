/** Identities between losses, hand-computed conventions, and the errors the losses promise. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grad, losses, tensor, type Tensor } from '../../src/index.js';
import { int32, normal64, uniform64 } from '../helpers.js';

const L = losses;
const maxDiff = (a: Tensor, b: Tensor) => Math.max(...Array.from(a.sub(b).abs().contiguousData()));
const f64 = (data: number[] | number[][]) => tensor(data, { dtype: 'float64' });

function throwsWith(fn: () => unknown, ...parts: string[]) {
  let message: string | null = null;
  try {
    fn();
  } catch (e) {
    message = (e as Error).message;
  }
  assert.ok(message !== null, 'did not throw');
  for (const p of parts) assert.ok(message!.includes(p), `"${message}" lacks "${p}"`);
}

// ---------------------------------------------------------------- identities

test('focal with γ = 0 equals crossentropy: dense targets and class indices with every option', () => {
  const p = normal64([5, 4], 1).softmax(1), y = normal64([5, 4], 2).softmax(1);
  for (const agg of ['mean', 'none'] as const) assert.ok(maxDiff(L.focalLoss(p, y, { gamma: 0, agg }), L.crossentropy(p, y, { agg })) < 1e-15);
  const idx = int32([0, 1, 3, 1, 2]);
  const opts = { weight: f64([0.5, 2, 1, 1.5]), ignoreIndex: 1, labelSmoothing: 0.1 };
  assert.ok(maxDiff(L.focalLoss(p, idx, { ...opts, gamma: 0 }), L.crossentropy(p, idx, opts)) < 1e-15);
  const gf = grad((x: Tensor) => L.focalLoss(x, y, { gamma: 0 }))(p), gc = grad((x: Tensor) => L.crossentropy(x, y))(p);
  assert.ok(maxDiff(gf, gc) < 1e-12);
});

test('binary focal with γ = 0 equals binaryCrossentropy for hard labels (and not for soft ones)', () => {
  const p = normal64([3, 4], 1).sigmoid(), hard = normal64([3, 4], 2).gt(0);
  assert.ok(maxDiff(L.binaryFocalLoss(p, hard, { gamma: 0, agg: 'none' }), L.binaryCrossentropy(p, hard, { agg: 'none' })) === 0);
  const at01 = f64([0, 1, 0, 1]), y01 = f64([0, 1, 1, 0]);
  assert.ok(maxDiff(L.binaryFocalLoss(at01, y01, { gamma: 0, agg: 'none' }), L.binaryCrossentropy(at01, y01, { agg: 'none' })) === 0);
  const soft = uniform64([3, 4], 0.2, 0.8, 3);
  assert.ok(maxDiff(L.binaryFocalLoss(p, soft, { gamma: 0 }), L.binaryCrossentropy(p, soft)) > 1e-3);
});

test('logit forms equal the probability forms at moderate values (values and gradients)', () => {
  const x = normal64([4, 3], 1), y = normal64([4, 3], 2).softmax(1), yb = uniform64([4, 3], 0, 1, 3);
  const viaProbs = (x: Tensor) => L.crossentropy(x.softmax(1), y, { eps: 0 });
  assert.ok(Math.abs(L.logitCrossentropy(x, y).item() - viaProbs(x).item()) < 1e-14);
  assert.ok(maxDiff(grad((t: Tensor) => L.logitCrossentropy(t, y))(x), grad(viaProbs)(x)) < 1e-14);
  const viaSigmoid = (x: Tensor) => L.binaryCrossentropy(x.sigmoid(), yb, { eps: 0 });
  assert.ok(Math.abs(L.logitBinaryCrossentropy(x, yb).item() - viaSigmoid(x).item()) < 1e-14);
  assert.ok(maxDiff(grad((t: Tensor) => L.logitBinaryCrossentropy(t, yb))(x), grad(viaSigmoid)(x)) < 1e-14);
  const idx = int32([2, 0, 1, 1]);
  assert.ok(Math.abs(L.logitCrossentropy(x, idx).item() - L.nllLoss(x.logSoftmax(1), idx).item()) < 1e-15);
  assert.ok(Math.abs(L.logitCrossentropy(x, idx).item() - L.crossentropy(x.softmax(1), idx, { eps: 0 }).item()) < 1e-14);
});

test('KL(p, p) = 0 (to ε) and KL ≥ 0; KL(y ‖ ŷ) = crossentropy − entropy', () => {
  const p = normal64([3, 4], 1).softmax(1), q = normal64([3, 4], 2).softmax(1);
  assert.ok(Math.max(...Array.from(L.kldivergence(p, p, { agg: 'none' }).abs().contiguousData())) < 1e-14);
  assert.ok(L.kldivergence(p, q, { eps: 0 }).item() > 0);
  const entropy = q.xlogy(q).sum(1).neg().mean();
  assert.ok(Math.abs(L.kldivergence(p, q).item() - (L.crossentropy(p, q).item() - entropy.item())) < 1e-14);
});

test('huberLoss with δ = 1 equals smoothL1Loss with β = 1; smoothL1 with β = 0 is mae', () => {
  const a = normal64([6], 1).mul(2), b = normal64([6], 2);
  assert.ok(Math.abs(L.huberLoss(a, b).item() - L.smoothL1Loss(a, b).item()) < 1e-15);
  assert.ok(Math.abs(L.smoothL1Loss(a, b, { beta: 0 }).item() - L.mae(a, b).item()) < 1e-15);
  assert.ok(maxDiff(grad((t: Tensor) => L.smoothL1Loss(t, b, { beta: 0 }))(a), grad((t: Tensor) => L.mae(t, b))(a)) === 0);
});

test('logCoshLoss equals log(cosh e) where cosh does not overflow', () => {
  const e = normal64([6], 1).mul(3);
  assert.ok(Math.abs(L.logCoshLoss(e, e.mul(0)).item() - e.exp().add(e.neg().exp()).mul(0.5).log().mean().item()) < 1e-14);
});

// ---------------------------------------------------------------- conventions, by hand

test('Tversky: β weighs false positives, as Flux’s code (its docstring says false negatives), by hand', () => {
  const y = f64([1, 1, 0, 0]);
  const missed = f64([0, 1, 0, 0]); // one false negative: tp 1, fn 1
  const extra = f64([1, 1, 1, 0]); // one false positive: tp 2, fp 1
  const t = (p: Tensor, beta: number) => L.tverskyLoss(p, y, { beta }).item();
  // 1 − (tp + 1)/(tp + β·fp + (1 − β)·fn + 1)
  assert.ok(Math.abs(t(missed, 0.9) - (1 - 2 / 2.1)) < 1e-15);
  assert.ok(Math.abs(t(extra, 0.9) - (1 - 3 / 3.9)) < 1e-15);
  assert.ok(t(missed, 0.9) < t(extra, 0.9));
  assert.ok(t(missed, 0.1) > t(extra, 0.1));
  assert.ok(Math.abs(L.tverskyLoss(y, y).item()) < 1e-15);
});

test('dice: whole batch by default, per sample with perSample', () => {
  const p = f64([[0.9, 0.1], [0.2, 0.7]]), y = f64([[1, 0], [0, 1]]);
  // 1 − (2·1.6 + 1)/(2 + 1.35 + 1)
  assert.ok(Math.abs(L.diceCoeffLoss(p, y).item() - (1 - 4.2 / 4.35)) < 1e-15);
  const per = L.diceCoeffLoss(p, y, { perSample: true, agg: 'none' }).toArray();
  assert.ok(Math.abs(per[0] - (1 - 2.8 / 2.82)) < 1e-15 && Math.abs(per[1] - (1 - 2.4 / 2.53)) < 1e-15);
});

test('siameseContrastiveLoss: y = 1 means dissimilar (pushed past the margin)', () => {
  const d = f64([0, 0, 2, 0.4]), y = f64([1, 0, 1, 1]);
  assert.equal(L.siameseContrastiveLoss(d, y, { agg: 'none' }).toArray().map((v: number) => +v.toFixed(12)), [1, 0, 0, 0.36]);
});

test('class-weighted mean divides by Σ weight[target]; ignored targets leave both sums', () => {
  const logp = f64([[-1, -2, -3], [-0.5, -1.5, -2.5], [-0.1, -0.2, -0.3]]);
  const y = int32([0, 2, 1]), w = f64([1, 2, 3]);
  // (1·1 + 3·2.5 + 2·0.2) / (1 + 3 + 2)
  assert.ok(Math.abs(L.nllLoss(logp, y, { weight: w }).item() - 8.9 / 6) < 1e-15);
  // ignoreIndex 2 drops the second row from numerator and denominator
  assert.ok(Math.abs(L.nllLoss(logp, y, { weight: w, ignoreIndex: 2 }).item() - 1.4 / 3) < 1e-15);
  assert.equal(L.nllLoss(logp, y, { weight: w, ignoreIndex: 2, agg: 'none' }).toArray().map((v: number) => +v.toFixed(12)), [1, 0, 0.4]);
});

test('labelSmoothing: class dim and the binary form; classBalancedWeights sum to C', () => {
  const y = f64([[0, 1, 0, 0]]);
  assert.equal(L.labelSmoothing(y, 0.2).toArray().map((r: number[]) => r.map((v) => +v.toFixed(12))), [[0.05, 0.85, 0.05, 0.05]]);
  assert.equal(L.labelSmoothing(f64([0, 1]), 0.2, { dims: 0 }).toArray().map((v: number) => +v.toFixed(12)), [0.1, 0.9]);
  assert.equal(L.labelSmoothing(f64([0, 1, 0, 0]), 0.2, { dims: -1 }).toArray().map((v: number) => +v.toFixed(12)), [0.05, 0.85, 0.05, 0.05]);
  const w = L.classBalancedWeights([1000, 100, 10, 1], 0.999);
  assert.ok(Math.abs(w.sum().item() - 4) < 1e-12);
  assert.ok(w.toArray().every((v: number, i: number, a: number[]) => i === 0 || v > a[i - 1]));
  assert.ok(maxDiff(L.classBalancedWeights([5, 50], 0), f64([1, 1])) < 1e-15);
  assert.ok(L.classBalancedWeights(f64([3, 1])).dtype === 'float64');
});

test('losses compose: mse(a, b) + 0.1·focalLoss(p, y) differentiates through both', () => {
  const a = normal64([3, 4], 1), b = normal64([3, 4], 2), y = normal64([3, 4], 3).softmax(1);
  const g = grad((x: Tensor) => L.mse(x, b).add(L.focalLoss(x.softmax(1), y).mul(0.1)))(a);
  assert.equal(g.shape, [3, 4]);
  assert.ok(Array.from(g.contiguousData()).every(Number.isFinite));
});

// ---------------------------------------------------------------- the metric

test('zeroOneLoss is a metric: no gradient, and it says so', () => {
  const s = tensor([0.5, -2, 3, 0], { dtype: 'float64', requiresGrad: true }), y = f64([1, 1, 1, -1]);
  const err = L.zeroOneLoss(s, y);
  assert.is(err.item(), 0.5);
  assert.is(err.requiresGrad, false);
  assert.is(L.zeroOneLoss(s, y, { agg: 'sum' }).item(), 2);
  throwsWith(() => err.backward(), 'does not require grad');
  assert.equal(grad((x: Tensor) => L.zeroOneLoss(x, y))(s).toArray(), [0, 0, 0, 0]);
});

// ---------------------------------------------------------------- errors

test('class-index targets: an out-of-range index is named; ignoreIndex is exempt', () => {
  const x = normal64([3, 4], 1);
  for (const name of ['crossentropy', 'logitCrossentropy', 'focalLoss', 'nllLoss'] as const) {
    const loss = L[name] as (a: Tensor, b: Tensor, o?: object) => Tensor;
    throwsWith(() => loss(x.softmax(1), int32([0, 4, 1])), name, 'class index 4', '4 classes');
    throwsWith(() => loss(x.softmax(1), int32([0, -3, 1])), name, 'class index -3');
    assert.ok(Number.isFinite(loss(x.softmax(1), int32([0, -100, 1])).item()));
    assert.ok(Number.isFinite(loss(x.softmax(1), int32([0, 9, 1]), { ignoreIndex: 9 }).item()));
  }
});

test('class-index targets: an int32 target whose shape is not ŷ without dims throws clearly', () => {
  const x = normal64([3, 4], 1);
  throwsWith(() => L.logitCrossentropy(x, int32([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0]])), 'logitCrossentropy', 'int32 target of shape [3,4]', 'class indices', '[3]');
  throwsWith(() => L.crossentropy(x.softmax(1), int32([0, 1])), 'crossentropy', '[2]', '[3]');
  throwsWith(() => L.nllLoss(x, int32([0, 1, 2]), { dims: 0 }), 'nllLoss', '[4]');
  throwsWith(() => L.logitCrossentropy(x, int32([0, 1, 2]), { weight: f64([1, 2]) }), 'weight shape [2]');
  throwsWith(() => L.logitCrossentropy(x, int32([0, 1, 2]), { labelSmoothing: 1 }), 'labelSmoothing');
  throwsWith(() => L.logitCrossentropy(x, int32([0, 1, 2]), { dims: 2 }), 'logitCrossentropy', 'dim 2');
});

test('binaryCrossentropy and binaryFocalLoss reject ŷ outside [0, 1]', () => {
  for (const bad of [[0.5, 1.2], [-0.1, 0.5]]) {
    throwsWith(() => L.binaryCrossentropy(f64(bad), f64([1, 0])), 'binaryCrossentropy', '[0, 1]');
    throwsWith(() => L.binaryFocalLoss(f64(bad), f64([1, 0])), 'binaryFocalLoss', '[0, 1]');
  }
});

test('siameseContrastiveLoss rejects y outside [0, 1]', () => {
  throwsWith(() => L.siameseContrastiveLoss(f64([0.5, 1]), f64([1, -1])), 'siameseContrastiveLoss', 'target y');
  throwsWith(() => L.siameseContrastiveLoss(f64([0.5, 1]), f64([2, 0])), 'siameseContrastiveLoss', '[0, 1]');
});

test('labelSmoothing rejects α outside (0, 1)', () => {
  for (const a of [0, 1, -0.1, 1.5, NaN]) throwsWith(() => L.labelSmoothing(f64([[0, 1]]), a), 'labelSmoothing', 'α');
});

test('other option errors: agg, quantile, posWeight, cosineEmbedding target, classBalancedWeights β', () => {
  const a = normal64([2, 3], 1);
  throwsWith(() => L.mse(a, a, { agg: 'avg' as never }), 'agg');
  throwsWith(() => L.quantileLoss(a, a, { quantile: 1.5 }), 'quantileLoss', 'quantile');
  throwsWith(() => L.logitBinaryCrossentropy(a, a, { posWeight: f64([1, 2]) }), 'posWeight shape [2]', '[3]');
  throwsWith(() => L.cosineEmbeddingLoss(a, a, f64([1, -1, 1])), 'cosineEmbeddingLoss', 'target shape [3]', '[2]');
  throwsWith(() => L.classBalancedWeights([1, 2], 1), 'classBalancedWeights', 'beta');
  throwsWith(() => L.mse(a, a.reshape([3, 2])), 'mse: prediction shape [2,3] does not match target shape [3,2]');
});

test.run();
