/**
 * Keras' cross-entropies: binaryCrossentropy, categoricalCrossentropy and
 * sparseCategoricalCrossentropy, with TensorFlow's numerics: probabilities are clipped to
 * [ε, 1 − ε] (value −log ε, gradient 0 where clipped), categorical probabilities are first
 * renormalised by their sum over `axis`, and from-logits forms are exact (no clipping).
 * Arguments are (ŷ, y), Keras' (y_pred, y_true) swapped.
 */
import { defineLoss } from '../define.js';
import { where } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { aggregate, checkIndexRange, isIndexTarget, targetDot } from '../common.js';
import { axisOf, clippedBce, EPSILON, logitBce, smoothBinary, smoothCategorical, type AxisOptions } from './common.js';

export interface KerasCrossentropyOptions extends AxisOptions {
  /** ŷ holds logits (default false: probabilities). */
  fromLogits?: boolean;
  /** α ∈ [0, 1]: binary y·(1 − α) + α/2; categorical y·(1 − α) + α/C (C = size of y's last dim). */
  labelSmoothing?: number;
}

/**
 * Keras' `binary_crossentropy`, arguments (ŷ, y).
 *
 * `agg(mean_axis(−ỹ·log p − (1 − ỹ)·log(1 − p)))`, p = clip(ŷ, ε, 1 − ε), ε = 1e-7;
 * from logits: `(1 − ỹ)·ŷ − logσ(ŷ)`; ỹ = y·(1 − α) + α/2
 *
 * Probabilities outside [0, 1] are clipped, not rejected (as Keras). Defaults: fromLogits false,
 * labelSmoothing 0, axis −1.
 * @see https://keras.io/api/losses/probabilistic_losses/#binarycrossentropy-class
 * @example
 * keras.binaryCrossentropy(tensor([[0.6, 0.4], [0.4, 0.6]]), tensor([[0, 1], [0, 0]]), { agg: 'none' }).toArray() // [0.9163, 0.7136]
 * keras.binaryCrossentropy(tensor([-18.6, 0.51, 2.94, -12.8]), tensor([0, 1, 0, 0]), { fromLogits: true }).item() // 0.8655
 */
export const binaryCrossentropy = defineLoss('keras.binaryCrossentropy', {}, (yhat: Tensor, y: Tensor, opts: KerasCrossentropyOptions, name): Tensor => {
  const { fromLogits = false, labelSmoothing = 0 } = opts;
  const t = smoothBinary(y, labelSmoothing);
  const l = fromLogits ? logitBce(yhat, t) : clippedBce(yhat, t);
  return aggregate(l.mean(axisOf(name, yhat, opts.axis)), opts.agg);
});

/**
 * Keras' `categorical_crossentropy` for one-hot or probability targets, arguments (ŷ, y).
 *
 * `agg(−Σ_axis ỹ·log clip(ŷ / Σ_axis ŷ, ε, 1 − ε))`, ε = 1e-7; from logits:
 * `agg(−Σ_axis ỹ·logSoftmax_axis(ŷ))`; ỹ = y·(1 − α) + α/C
 *
 * C is the size of y's **last** dim even when `axis` is another one, as in Keras. A −∞ logit on a
 * class with ỹ = 0 contributes 0. Defaults: fromLogits false, labelSmoothing 0, axis −1.
 * @see https://keras.io/api/losses/probabilistic_losses/#categoricalcrossentropy-class
 * @example
 * keras.categoricalCrossentropy(tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), tensor([[0, 1, 0], [0, 0, 1]])).item() // 1.177
 * keras.categoricalCrossentropy(tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), tensor([[0, 1, 0], [0, 0, 1]]), { agg: 'none' }).toArray() // [0.0513, 2.3026]
 */
export const categoricalCrossentropy = defineLoss('keras.categoricalCrossentropy', {}, (yhat: Tensor, y: Tensor, opts: KerasCrossentropyOptions, name): Tensor => {
  const { fromLogits = false, labelSmoothing = 0 } = opts;
  const d = axisOf(name, yhat, opts.axis);
  const t = smoothCategorical(y, labelSmoothing);
  if (fromLogits) return aggregate(targetDot(t, yhat.logSoftmax(d)).sum(d).neg(), opts.agg);
  const p = yhat.div(yhat.sum(d, true)).clamp(EPSILON, 1 - EPSILON);
  return aggregate(t.mul(p.log()).sum(d).neg(), opts.agg);
});

/**
 * Keras' `sparse_categorical_crossentropy` for int32 class indices y (ŷ's shape without `axis`),
 * arguments (ŷ, y).
 *
 * `agg(logsumexp_axis(s) − s[y])`, s = log clip(ŷ, ε, 1 − ε) (ε = 1e-7), or s = ŷ from logits
 *
 * From probabilities this is TensorFlow's sparse_softmax_cross_entropy_with_logits of the clipped
 * log-probabilities, so they are renormalised after clipping (the categorical form renormalises
 * before). With `ignoreClass`, those positions give 0 and 'mean' divides by the number of the
 * others (Keras' mask). Defaults: fromLogits false, no ignoreClass, axis −1.
 * @see https://keras.io/api/losses/probabilistic_losses/#sparsecategoricalcrossentropy-class
 * @example
 * keras.sparseCategoricalCrossentropy(tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), tensor([1, 2], { dtype: 'int32' })).item() // 1.177
 */
export const sparseCategoricalCrossentropy = defineLoss('keras.sparseCategoricalCrossentropy', { target: 'free' },
  (yhat: Tensor, y: Tensor, opts: Omit<KerasCrossentropyOptions, 'labelSmoothing'> & { ignoreClass?: number }, name): Tensor => {
  const { fromLogits = false, ignoreClass } = opts;
  const d = axisOf(name, yhat, opts.axis);
  if (!isIndexTarget(name, yhat, y, d)) {
    throw new RangeError(`${name}: target must hold int32 class indices of shape [${yhat.shape.filter((_, i) => i !== d)}], got a ${y.dtype} target of shape [${y.shape}]; use keras.categoricalCrossentropy for one-hot targets`);
  }
  const keep = ignoreClass === undefined ? null : y.eq(ignoreClass).lt(1);
  const target = keep ? where(keep, y, 0) : y;
  checkIndexRange(name, target, yhat.shape[d], d);
  const s = fromLogits ? yhat : yhat.clamp(EPSILON, 1 - EPSILON).log();
  let l = s.logsumexp(d).sub(s.gather(d, target.unsqueeze(d)).squeeze(d));
  if (!keep) return aggregate(l, opts.agg);
  l = where(keep, l, 0);
  if (opts.agg !== undefined && opts.agg !== 'mean') return aggregate(l, opts.agg);
  return l.sum().div(keep.sum().clamp(1));
});
