/**
 * Flux's own loss tests (FluxML/Flux.jl test/losses.jl), translated case by case, in Flux's order.
 * Julia arrays are column-major with classes on dim 1, so a Flux (C × N) matrix is a tapegrad
 * [N, C] tensor with class dim 1; a Julia row vector `[1 2 3]` (1 × 3) is three samples of one
 * class, [[1], [2], [3]]. Every case passes with Flux's default options; the one case left out is
 * `mse(0 + 0im, 1 + 1im) == 2` (tapegrad has no complex numbers). The "no spurious promotions"
 * test set is translated as: float32 in, float32 value and gradient out.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grad, losses, softmax, tensor, xlogy, type Tensor } from '../../src/index.js';
import { uniform64 } from '../helpers.js';

const L = losses;
const t = (d: number[] | number[][]) => tensor(d, { dtype: 'float64' });
/** Julia's `≈`: rtol √eps of the type (1.5e-8 for Float64, 3.5e-4 for Float32), atol 0. */
const approx = (a: number, b: number, tol = 1.4901161193847656e-8) => a === b || Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b));
const check = (got: Tensor | number, want: number, tol?: number) => {
  const g = typeof got === 'number' ? got : got.item();
  assert.ok(approx(g, want, tol), `${g} vs Flux ${want}`);
};
const f32tol = 3.4526698e-4;

test('xlogx & xlogy', () => {
  const xlogx = (x: number) => xlogy(t([x]), t([x])).item();
  assert.is(xlogx(0), 0);
  assert.ok(Number.isNaN(xlogx(NaN)));
  check(xlogx(2), 2 * Math.log(2));
  assert.is(xlogy(t([0]), t([1])).item(), 0);
  assert.ok(Number.isNaN(xlogy(t([NaN]), t([1])).item()));
  assert.ok(Number.isNaN(xlogy(t([1]), t([NaN])).item()));
  assert.ok(Number.isNaN(xlogy(t([NaN]), t([NaN])).item()));
  check(xlogy(t([2]), t([3])).item(), 2 * Math.log(3));
});

test('mse, mae, huber_loss (regression-style y)', () => {
  const y = t([1, 1, 0, 0]), yhat = t([0.9, 0.1, 0.1, 0.9]);
  check(L.mse(yhat, y), (0.1 ** 2 + 0.9 ** 2) / 2);
  check(L.mae(yhat, y), 1 / 2);
  check(L.huberLoss(yhat, y), 0.20500000000000002);
});

test('msle', () => {
  check(L.msle(t([345, 332, 789]), t([123, 456, 789])), 0.38813985859136585);
});

// y = onehotbatch([1, 1, 0, 0], 0:1); ŷ = [.1 .9; .9 .1; .9 .1; .1 .9]'
const Y = t([[0, 1], [0, 1], [1, 0], [1, 0]]);
const P = t([[0.1, 0.9], [0.9, 0.1], [0.9, 0.1], [0.1, 0.9]]);
const v = Math.log(0.1 / 0.9);
const logP = t([[v, 0], [0, v], [0, v], [v, 0]]);
const lossvalue = 1.203972804325936, lossvalueSmoothed = 1.2039728043259348;
const yl = t([[0, 1]]), sf = 0.1, yls = [sf, 1 - sf], ylp = t([[0.9, 0.1]]), logylp = t([[0, v]]);
const ya = t([[0, 1], [0, 1], [0, 1], [1, 0], [1, 0]]);
const yaSmoothed = L.labelSmoothing(ya, 2 * sf);
const ySame = ya.to('float32');
const ySim = ySame.mul(1 - 2 * sf).add(sf);
const swapClasses = (x: Tensor) => tensor((x.toArray() as number[][]).map(([a, b]) => [b, a]), { dtype: x.dtype });

test('crossentropy', () => {
  check(L.crossentropy(t([0.1, 0, 0.9]), t([0.1, 0, 0.9])), L.crossentropy(t([0.1, 0.9]), t([0.1, 0.9])).item());
  check(L.crossentropy(P, Y), lossvalue);
  check(L.crossentropy(P, L.labelSmoothing(Y, 0.1)), lossvalueSmoothed);
  const ylpArr = [0.9, 0.1];
  check(L.crossentropy(ylp, L.labelSmoothing(yl, 2 * sf)), -yls.reduce((s, y, i) => s + y * Math.log(ylpArr[i]), 0));
  check(L.crossentropy(ylp, yl), -Math.log(0.1));
  assert.is(L.crossentropy(ySame, ya, { eps: 0 }).item(), 0);
  assert.is(L.crossentropy(ya, ya, { eps: 0 }).item(), 0);
  assert.ok(L.crossentropy(ySim, ya).item() < L.crossentropy(ySim, yaSmoothed).item());
  const dis = swapClasses(ySim);
  assert.ok(L.crossentropy(dis, ya).item() > L.crossentropy(dis, yaSmoothed).item());
});

test('logitcrossentropy', () => {
  check(L.logitCrossentropy(logP, Y), lossvalue);
  const lsm = (logylp.logSoftmax(1).toArray() as number[][])[0];
  check(L.logitCrossentropy(logylp, yl), -lsm[1]);
  check(L.logitCrossentropy(logylp, L.labelSmoothing(yl, 2 * sf)), -(yls[0] * lsm[0] + yls[1] * lsm[1]));
});

// logŷ, y = randn(3), rand(3)
const logits = t([0.31, -1.2, 0.77]), y3 = t([0.25, 0.9, 0.4]);
const sig = logits.sigmoid();
const byHand = (p: Tensor, y: Tensor, e = 0) => y.mul(p.add(e).log()).add(y.neg().add(1).mul(p.neg().add(1).add(e).log())).neg();

test('binarycrossentropy, with a constant label', () => {
  const smoothed = L.labelSmoothing(y3, 2 * sf, { dims: 0 });
  const each = L.binaryCrossentropy(sig, smoothed, { eps: 0, agg: 'none' }).toArray() as number[];
  (byHand(sig, y3.mul(1 - 2 * sf).add(sf)).toArray() as number[]).forEach((w, i) => check(each[i], w));
  check(L.binaryCrossentropy(sig, y3, { eps: 0 }), byHand(sig, y3).mean().item());
  check(L.binaryCrossentropy(sig, y3), byHand(sig, y3, 2 ** -52).mean().item());
  // binarycrossentropy([0.1,0.2,0.9], 1) ≈ -mean(log, [0.1,0.2,0.9])
  check(L.binaryCrossentropy(t([0.1, 0.2, 0.9]), 1), -(Math.log(0.1) + Math.log(0.2) + Math.log(0.9)) / 3);
});

test('logitbinarycrossentropy', () => {
  const s = L.labelSmoothing(y3, 0.2);
  const a = L.logitBinaryCrossentropy(logits, s, { agg: 'none' }).toArray() as number[];
  const b = L.binaryCrossentropy(sig, s, { eps: 0, agg: 'none' }).toArray() as number[];
  a.forEach((x, i) => check(x, b[i]));
  check(L.logitBinaryCrossentropy(logits, y3), L.binaryCrossentropy(sig, y3, { eps: 0 }).item());
});

test('label_smoothing', () => {
  assert.equal(L.labelSmoothing(t([[0, 1]]), 0.2).toArray(), [[0.1, 0.9]]);
  const y = t([[0, 1]]);
  assert.equal(L.labelSmoothing(y, 0.2, { dims: 0 }).toArray(), [[0.1, 0.9]]);
  assert.throws(() => L.labelSmoothing(t([0, 0, 1, 0]), 1.2), /labelSmoothing: α must be in \(0, 1\)/);
  assert.throws(() => L.labelSmoothing(t([0, 0, 1, 0]), 0), /labelSmoothing: α must be in \(0, 1\)/);
});

test('kldivergence (kl(y, y): 0 up to a 1e-17 rounding difference)', () => {
  check(L.kldivergence(t([0.1, 0, 0.9]), t([0.1, 0, 0.9])), L.kldivergence(t([0.1, 0.9]), t([0.1, 0.9])).item());
  // y = [1 2 3] is 1×3: three samples of one class each
  check(L.kldivergence(t([[4], [5], [6]]), t([[1], [2], [3]])), -1.7661057888493457);
  assert.ok(Math.abs(L.kldivergence(t([[1], [2], [3]]), t([[1], [2], [3]])).item()) < 1e-15);
});

test('hinge_loss and squared_hinge_loss: any real label, as Flux', () => {
  const y = t([[1], [2], [3], [4]]), yhat = t([[5], [6], [7], [8]]);
  check(L.hingeLoss(yhat, y), 0);
  check(L.hingeLoss(y, y.mul(0.5)), 0.125);
  check(L.squaredHingeLoss(yhat, y), 0);
  check(L.squaredHingeLoss(y, y.mul(0.5)), 0.0625);
});

test('poisson_loss (ε = 0, as Flux)', () => {
  const y = t([[0.1], [0.2], [0.3]]), yhat = t([[0.4], [0.5], [0.6]]);
  check(L.poissonLoss(yhat, y), 0.6278353988097339);
  check(L.poissonLoss(y, y), 0.5044459776946685);
});

const yd = t([[1], [0.5], [0.3], [2.4]]), yhatd = t([[0], [1.4], [0.5], [1.2]]);

test('dice_coeff_loss', () => {
  check(L.diceCoeffLoss(yhatd, yd), 0.2799999999999999);
  assert.ok(Math.abs(L.diceCoeffLoss(yd, yd).item()) < 1e-15);
});

test('tversky_loss (β on false positives, as Flux’s code)', () => {
  check(L.tverskyLoss(yhatd, yd), -0.06772009029345383);
  check(L.tverskyLoss(yhatd, yd, { beta: 0.8 }), -0.09490740740740744);
  check(L.tverskyLoss(yd, yd), -0.5576923076923075);
});

test('no spurious promotions: float32 in, float32 value and gradient out (and float64 likewise)', () => {
  const all = ['mse', 'mae', 'msle', 'crossentropy', 'logitCrossentropy', 'binaryCrossentropy', 'logitBinaryCrossentropy',
    'kldivergence', 'huberLoss', 'tverskyLoss', 'diceCoeffLoss', 'poissonLoss', 'hingeLoss', 'squaredHingeLoss',
    'binaryFocalLoss', 'focalLoss', 'siameseContrastiveLoss'] as const;
  const F = L as unknown as Record<string, (a: Tensor, b: Tensor) => Tensor>;
  for (const dtype of ['float32', 'float64'] as const) {
    const y = uniform64([2], 0, 1, 3).to(dtype), yhat = uniform64([2], 0, 1, 4).to(dtype);
    for (const name of all) {
      const out = F[name](yhat, y);
      assert.is(out.dtype, dtype, name);
      assert.is(grad((p: Tensor) => F[name](p, y))(yhat).dtype, dtype, name);
    }
  }
});

test('binary_focal_loss', () => {
  // Flux's 2×3 matrices: columns are samples
  const y = t([[0, 1], [1, 0], [0, 1]]), yhat = t([[0.268941, 0.731059], [0.5, 0.5], [0.268941, 0.731059]]);
  const y1 = t([[1, 0], [0, 1]]), yhat1 = t([[0.6, 0.4], [0.3, 0.7]]);
  check(L.binaryFocalLoss(yhat, y), 0.0728675615927385);
  check(L.binaryFocalLoss(yhat1, y1), 0.05691642237852222);
  check(L.binaryFocalLoss(yhat, y, { gamma: 0 }), L.binaryCrossentropy(yhat, y).item());
});

test('focal_loss (Flux’s softmax here is Float32: compared at Float32’s ≈)', () => {
  const y = t([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]]);
  const yhat = softmax(tensor([[-7, -6, -5], [-4, -3, -2], [-1, 0, 1], [2, 3, 4], [5, 6, 7]]), 1);
  const y1 = t([[1, 0, 0], [0, 0, 1]]), yhat1 = t([[0.4, 0.5, 0.1], [0.2, 0.5, 0.3]]);
  check(L.focalLoss(yhat, y.to('float32')), 1.1277571935622628, f32tol);
  check(L.focalLoss(yhat1, y1), 0.45990566879720157);
  check(L.focalLoss(yhat, y.to('float32'), { gamma: 0 }), L.crossentropy(yhat, y.to('float32')).item(), f32tol);
});

test('siamese_contrastive_loss', () => {
  const y = t([[1, 0, 0], [0, 0, 1]]), yhat = t([[0.4, 0.5, 0.1], [0.2, 0.5, 0.3]]);
  const y1 = tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]]);
  const yhat1 = softmax(tensor([[-7, -6, -5], [-4, -3, -2], [-1, 0, 1], [2, 3, 4], [5, 6, 7]]), 1);
  const y2 = t([[1, 0, 0, 1, 1]]), yhat2 = t([[0.6, 0.4, 0.1, 0.2, 0.7]]);
  const S = L.siameseContrastiveLoss;
  check(S(yhat, y), 0.2333333333333333);
  check(S(yhat, y, { margin: 0.5 }), 0.10000000000000002);
  check(S(yhat, y, { margin: 1.5 }), 0.5333333333333333);
  check(S(yhat1, y1), 0.32554644, f32tol);
  check(S(yhat1, y1, { margin: 0.5 }), 0.16271012, f32tol);
  check(S(yhat1, y1, { margin: 1.5 }), 0.6532292, f32tol);
  check(S(yhat, y, { margin: 1 }), S(yhat, y).item());
  assert.is(S(y, y).item(), 0);
  assert.is(S(y1, y1).item(), 0);
  check(S(yhat, y, { margin: 0 }), 0.09166666666666667);
  check(S(yhat1, y1, { margin: 0 }), 0.13161165, f32tol);
  check(S(yhat2, y2), 0.21200000000000005);
  check(S(yhat2, yhat2), 0.18800000000000003);
  assert.throws(() => S(yhat1, y1, { margin: -0.5 }), /siameseContrastiveLoss: option margin must be a finite number ≥ 0, got -0.5/);
  assert.throws(() => S(yhat, y, { margin: -1 }), /siameseContrastiveLoss: option margin/);
});

test('margin_ranking_loss (Flux’s branch with it: y = 1 broadcasts)', () => {
  const x1 = t([1.2, 2.3, 3.4]), x2 = t([9.8, 8.7, 7.6]);
  const none = L.marginRankingLoss(x1, x2, 1, { agg: 'none' }).toArray() as number[];
  [8.6, 6.4, 4.2].forEach((w, i) => check(none[i], w));
  const m1 = L.marginRankingLoss(x1, x2, 1, { margin: 1, agg: 'none' }).toArray() as number[];
  [9.6, 7.4, 5.2].forEach((w, i) => check(m1[i], w));
  check(L.marginRankingLoss(x1, x2, 1, { margin: 1, agg: 'sum' }), 22.2);
});

test.run();
