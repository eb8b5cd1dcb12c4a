/**
 * Keras' regression losses: meanSquaredError, meanAbsoluteError, meanAbsolutePercentageError,
 * meanSquaredLogarithmicError, huber, logCosh, poisson, kld, cosineSimilarity. Arguments are
 * (ŷ, y), Keras' (y_pred, y_true) swapped. Each gives one loss per sample, reduced over the last
 * axis (cosineSimilarity: over `axis`), then `agg`.
 */
import { defineLoss } from '../define.js';
import { scope } from '../../autograd/tape/state.js';
import { l2Normalize, where } from '../../ops/index.js';
import type { LossName } from '../options.js';
import type { Tensor } from '../../tensor/tensor.js';
import { aggregate, checkShapes, type AggOptions } from '../common.js';
import { checkOptions } from '../options.js';
import { axisOf, EPSILON, type AxisOptions } from './common.js';

/** The shared body: the per-element loss, its mean over the last axis (one loss per sample), agg. */
const perSampleMean = <O extends AggOptions>(element: (yhat: Tensor, y: Tensor, opts: O) => Tensor) =>
  (yhat: Tensor, y: Tensor, opts: O, name: LossName): Tensor => aggregate(element(yhat, y, opts).mean(axisOf(name, yhat)), opts.agg);

/**
 * Keras' `mean_squared_error`, arguments (ŷ, y).
 *
 * `agg(mean_{-1}((y − ŷ)²))`
 * @see https://keras.io/api/losses/regression_losses/#meansquarederror-class
 * @example
 * keras.meanSquaredError(tensor([[1, 1], [1, 0]]), tensor([[0, 1], [0, 0]])).item() // 0.5
 */
export const meanSquaredError = defineLoss('keras.meanSquaredError', {}, perSampleMean((p, t) => t.sub(p).square()));

/**
 * Keras' `mean_absolute_error`, arguments (ŷ, y).
 *
 * `agg(mean_{-1}(|y − ŷ|))`; abs'(0) = 0
 * @see https://keras.io/api/losses/regression_losses/#meanabsoluteerror-class
 * @example
 * keras.meanAbsoluteError(tensor([[1, 1], [1, 0]]), tensor([[0, 1], [0, 0]])).item() // 0.5
 */
export const meanAbsoluteError = defineLoss('keras.meanAbsoluteError', {}, perSampleMean((p, t) => t.sub(p).abs()));

/**
 * Keras' `mean_absolute_percentage_error`, arguments (ŷ, y).
 *
 * `agg(100·mean_{-1}(|(y − ŷ) / max(|y|, ε)|))`, ε = 1e-7
 *
 * A zero target gives a huge, finite loss. At |y| = ε exactly the gradient passes (TensorFlow's
 * maximum gives a tie to its first argument).
 * @see https://keras.io/api/losses/regression_losses/#meanabsolutepercentageerror-class
 * @example
 * keras.meanAbsolutePercentageError(tensor([[110, 45]]), tensor([[100, 50]])).item() // 10
 */
export const meanAbsolutePercentageError = defineLoss('keras.meanAbsolutePercentageError', {},
  perSampleMean((p, t) => t.sub(p).div(t.abs().clamp(EPSILON)).abs().mul(100)));

/**
 * Keras' `mean_squared_logarithmic_error`, arguments (ŷ, y).
 *
 * `agg(mean_{-1}((log(max(ŷ, ε) + 1) − log(max(y, ε) + 1))²))`, ε = 1e-7
 *
 * Values below ε (negative ones included) count as ε, with gradient 0 there.
 * @see https://keras.io/api/losses/regression_losses/#meansquaredlogarithmicerror-class
 * @example
 * keras.meanSquaredLogarithmicError(tensor([[1, 10]]), tensor([[1, 100]])).item() // 2.458
 */
export const meanSquaredLogarithmicError = defineLoss('keras.meanSquaredLogarithmicError', {},
  perSampleMean((p, t) => log1(p).sub(log1(t)).square()));
const log1 = (x: Tensor): Tensor => x.clamp(EPSILON).add(1).log();

/**
 * Keras' `huber`, arguments (ŷ, y).
 *
 * `agg(mean_{-1}(|e| ≤ δ ? ½e² : δ·|e| − ½δ²))`, e = ŷ − y; δ > 0 (default 1)
 * @see https://keras.io/api/losses/regression_losses/#huber-class
 * @example
 * keras.huber(tensor([[0.6, 0.4], [0.4, 0.6]]), tensor([[0, 1], [0, 0]])).item() // 0.155
 */
export const huber = defineLoss('keras.huber', {}, perSampleMean((p, t, { delta = 1 }: AggOptions & { delta?: number }) => {
  const e = p.sub(t), a = e.abs();
  return where(a.le(delta), e.square().mul(0.5), a.mul(delta).sub(0.5 * delta * delta));
}));

/**
 * Keras' `log_cosh`, arguments (ŷ, y).
 *
 * `agg(mean_{-1}(e + softplus(−2e) − log 2))`, e = ŷ − y (= log cosh e, without overflow)
 * @see https://keras.io/api/losses/regression_losses/#logcosh-class
 * @example
 * keras.logCosh(tensor([[1, 1], [0, 0]]), tensor([[0, 1], [0, 0]])).item() // 0.108
 */
export const logCosh = defineLoss('keras.logCosh', {}, perSampleMean((p, t) => {
  const e = p.sub(t);
  return e.add(e.mul(-2).softplus()).sub(Math.LN2);
}));

/**
 * Keras' `poisson`, arguments (ŷ, y).
 *
 * `agg(mean_{-1}(ŷ − y·log(ŷ + ε)))`, ε = 1e-7 (a plain product, as Keras: ŷ ≤ −ε gives NaN)
 * @see https://keras.io/api/losses/probabilistic_losses/#poisson-class
 * @example
 * keras.poisson(tensor([[1, 1], [0, 0]]), tensor([[0, 1], [0, 0]])).item() // 0.5
 */
export const poisson = defineLoss('keras.poisson', {}, perSampleMean((p, t) => p.sub(t.mul(p.add(EPSILON).log()))));

/**
 * Keras' `kl_divergence` KL(y ‖ ŷ), arguments (ŷ, y).
 *
 * `agg(Σ_{-1} ỹ·log(ỹ / p̃))`, ỹ = clip(y, ε, 1), p̃ = clip(ŷ, ε, 1), ε = 1e-7
 *
 * Both are clipped (a 0 target contributes ε·log(ε/p̃), not 0); gradient 0 where clipped.
 * @see https://keras.io/api/losses/probabilistic_losses/#kldivergence-class
 * @example
 * keras.kld(tensor([[0.4, 0.6], [0.4, 0.6]]), tensor([[0, 1], [0, 0]])).item() // 0.2554
 */
export const kld = defineLoss('keras.kld', {}, (yhat: Tensor, y: Tensor, opts: AggOptions, name): Tensor => {
  const t = y.clamp(EPSILON, 1), p = yhat.clamp(EPSILON, 1);
  return aggregate(t.mul(t.div(p).log()).sum(axisOf(name, yhat)), opts.agg);
});

/**
 * Keras' `cosine_similarity` loss (minus the cosine), arguments (ŷ, y).
 *
 * `agg(−Σ_axis n(y)·n(ŷ))`, n(x) = x·min(1/√Σ_axis x², 1/ε), ε = 1e-7
 *
 * A zero vector normalises to 0 (loss 0) with a finite gradient. Default axis −1.
 * @see https://keras.io/api/losses/regression_losses/#cosinesimilarity-class
 * @example
 * keras.cosineSimilarity(tensor([[1, 0], [1, 1], [-1, -1]]), tensor([[0, 1], [1, 1], [1, 1]]), { agg: 'none' }).toArray() // [0, -1, 1]
 */
export const cosineSimilarity = defineLoss('keras.cosineSimilarity', {}, (yhat: Tensor, y: Tensor, opts: AxisOptions, name): Tensor => {
  const d = axisOf(name, yhat, opts.axis);
  // min(rsqrt(s), 1/ε) = 1/√max(s, ε²): the clamp keeps a zero vector's gradient finite
  const normalize = (x: Tensor) => l2Normalize(x, d, EPSILON * EPSILON);
  return aggregate(normalize(y).mul(normalize(yhat)).sum(d).neg(), opts.agg);
});
