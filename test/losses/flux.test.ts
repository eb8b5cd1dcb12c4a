/**
 * Flux's own loss tests (FluxML/Flux.jl test/losses.jl), translated case by case. Julia arrays are
 * column-major with classes on dim 1, so a Flux (C × N) matrix is a tapegrad [N, C] tensor with
 * class dim 1. Where tapegrad deliberately differs (docs/losses.md), the case says how.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { losses, tensor, type Tensor } from '../../src/index.js';

const L = losses;
const t = (d: number[] | number[][]) => tensor(d, { dtype: 'float64' });
const approx = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * (1 + Math.abs(b));
const check = (got: Tensor, want: number, tol?: number) => assert.ok(approx(got.item(), want, tol), `${got.item()} vs Flux ${want}`);

test('regression: mse, mae, huber_loss, msle', () => {
  const y = t([1, 1, 0, 0]), yhat = t([0.9, 0.1, 0.1, 0.9]);
  check(L.mse(yhat, y), (0.1 ** 2 + 0.9 ** 2) / 2);
  check(L.mae(yhat, y), 0.5);
  check(L.huberLoss(yhat, y), 0.20500000000000002);
  check(L.msle(t([345, 332, 789]), t([123, 456, 789])), 0.38813985859136585);
});

// y = onehotbatch([1, 1, 0, 0], 0:1); ŷ = [.1 .9; .9 .1; .9 .1; .1 .9]'
const Y = t([[0, 1], [0, 1], [1, 0], [1, 0]]);
const P = t([[0.1, 0.9], [0.9, 0.1], [0.9, 0.1], [0.1, 0.9]]);
const v = Math.log(0.1 / 0.9);

test('crossentropy and logitcrossentropy, with label_smoothing', () => {
  check(L.crossentropy(P, Y), 1.203972804325936);
  check(L.crossentropy(P, L.labelSmoothing(Y, 0.1)), 1.2039728043259348);
  check(L.logitCrossentropy(t([[v, 0], [0, v], [0, v], [v, 0]]), Y), 1.203972804325936);
  const yl = t([[0, 1]]), ylp = t([[0.9, 0.1]]);
  check(L.crossentropy(ylp, L.labelSmoothing(yl, 0.2)), -(0.1 * Math.log(0.9) + 0.9 * Math.log(0.1)));
  check(L.crossentropy(ylp, yl), -Math.log(0.1));
  const ya = t([[0, 1], [0, 1], [0, 1], [1, 0], [1, 0]]);
  assert.is(L.crossentropy(ya, ya, { eps: 0 }).item(), 0);
});

test('kldivergence, poisson_loss (Flux: eps 0), dice_coeff_loss', () => {
  // y = [1 2 3] is 1×3: three samples of one class each
  check(L.kldivergence(t([[4], [5], [6]]), t([[1], [2], [3]])), -1.7661057888493457);
  assert.ok(Math.abs(L.kldivergence(t([[1], [2], [3]]), t([[1], [2], [3]])).item()) < 1e-14);
  check(L.poissonLoss(t([0.4, 0.5, 0.6]), t([0.1, 0.2, 0.3]), { eps: 0 }), 0.6278353988097339);
  check(L.poissonLoss(t([0.1, 0.2, 0.3]), t([0.1, 0.2, 0.3]), { eps: 0 }), 0.5044459776946685);
  // the default eps (PyTorch's 1e-8) moves the number by about y·1e-8/ŷ
  check(L.poissonLoss(t([0.4, 0.5, 0.6]), t([0.1, 0.2, 0.3])), 0.6278353988097339, 1e-8);
  check(L.diceCoeffLoss(t([0, 1.4, 0.5, 1.2]), t([1, 0.5, 0.3, 2.4])), 0.2799999999999999);
  assert.ok(Math.abs(L.diceCoeffLoss(t([1, 0.5, 0.3, 2.4]), t([1, 0.5, 0.3, 2.4])).item()) < 1e-15);
});

test('tversky_loss: Flux’s code puts β on false positives, so Flux’s β is tapegrad’s 1 − β', () => {
  const yhat = t([0, 1.4, 0.5, 1.2]), y = t([1, 0.5, 0.3, 2.4]);
  check(L.tverskyLoss(yhat, y, { beta: 0.3 }), -0.06772009029345383);
  check(L.tverskyLoss(yhat, y, { beta: 1 - 0.8 }), -0.09490740740740744);
  check(L.tverskyLoss(y, y, { beta: 0.3 }), -0.5576923076923075);
});

test('hinge_loss and squared_hinge_loss: Flux’s tests use labels 1…4, which tapegrad rejects', () => {
  const y = t([1, 2, 3, 4]), yhat = t([5, 6, 7, 8]);
  assert.throws(() => L.hingeLoss(yhat, y), /hingeLoss: labels y must be -1 or 1/);
  assert.throws(() => L.squaredHingeLoss(yhat, y), /squaredHingeLoss: labels y must be -1 or 1/);
  // the same margins with ±1 labels: y·ŷ as in Flux's cases
  check(L.hingeLoss(t([5, 12, 21, 32]), t([1, 1, 1, 1])), 0);
  check(L.hingeLoss(t([0.5, 2, 4.5, 8]), t([1, 1, 1, 1])), 0.125);
  check(L.squaredHingeLoss(t([0.5, 2, 4.5, 8]), t([1, 1, 1, 1])), 0.0625);
});

test('binary_focal_loss (ε inside each log: agrees to ~1e-15)', () => {
  // Flux's 2×3 example is transposed: its columns are samples
  const y = t([[0, 1], [1, 0], [0, 1]]), yhat = t([[0.268941, 0.731059], [0.5, 0.5], [0.268941, 0.731059]]);
  check(L.binaryFocalLoss(yhat, y), 0.0728675615927385, 1e-13);
  check(L.binaryFocalLoss(t([[0.6, 0.4], [0.3, 0.7]]), t([[1, 0], [0, 1]])), 0.05691642237852222, 1e-13);
  check(L.binaryFocalLoss(yhat, y, { gamma: 0 }), L.binaryCrossentropy(yhat, y).item());
});

test('focal_loss (Flux computes its softmax in Float32 here: compared to float32 precision)', () => {
  const logits = tensor([[-7, -6, -5], [-4, -3, -2], [-1, 0, 1], [2, 3, 4], [5, 6, 7]]);
  const y = tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]]);
  check(L.focalLoss(logits.softmax(1), y), 1.1277571935622628, 1e-6);
  check(L.focalLoss(t([[0.4, 0.5, 0.1], [0.2, 0.5, 0.3]]), t([[1, 0, 0], [0, 0, 1]])), 0.45990566879720157);
  const p = t([[0.4, 0.5, 0.1], [0.2, 0.5, 0.3]]), yy = t([[1, 0, 0], [0, 0, 1]]);
  check(L.focalLoss(p, yy, { gamma: 0 }), L.crossentropy(p, yy).item());
});

test('siamese_contrastive_loss and margin_ranking_loss', () => {
  const yhat = t([[0.4, 0.5, 0.1], [0.2, 0.5, 0.3]]), y = t([[1, 0, 0], [0, 0, 1]]);
  check(L.siameseContrastiveLoss(yhat, y), 0.2333333333333333);
  check(L.siameseContrastiveLoss(yhat, y, { margin: 0.5 }), 0.10000000000000002);
  const x1 = t([1.2, 2.3, 3.4]), x2 = t([9.8, 8.7, 7.6]), one = t([1, 1, 1]);
  const none = L.marginRankingLoss(x1, x2, one, { agg: 'none' }).toArray() as number[];
  [8.6, 6.4, 4.2].forEach((w, i) => assert.ok(approx(none[i], w), `${none}`));
  check(L.marginRankingLoss(x1, x2, one, { margin: 1, agg: 'sum' }), 22.2);
});

test.run();
