/**
 * Keras' focal cross-entropies: binaryFocalCrossentropy and categoricalFocalCrossentropy.
 * Arguments are (ŷ, y), Keras' (y_pred, y_true) swapped.
 */
import { defineLoss } from '../define.js';
import { sub } from '../../ops/index.js';
import { posPow } from '../../ops/composite.js';
import { Tensor } from '../../tensor/tensor.js';
import { aggregate } from '../common.js';
import { axisOf, clippedBce, EPSILON, logitBce, smoothBinary, smoothCategorical } from './common.js';
import type { KerasCrossentropyOptions } from './crossentropy.js';

export interface KerasBinaryFocalOptions extends KerasCrossentropyOptions {
  /** Focusing parameter γ ≥ 0 (default 2). */
  gamma?: number;
  /** Weight of class 1 (class 0 gets 1 − α) when applyClassBalancing is set; default 0.25. */
  alpha?: number;
  /** Apply the α weighting (default false). */
  applyClassBalancing?: boolean;
}

/**
 * Keras' `binary_focal_crossentropy`, arguments (ŷ, y).
 *
 * `agg(mean_axis(w·(1 − pₜ)^γ·bce(ỹ, ŷ)))`, pₜ = ỹ·p + (1 − ỹ)·(1 − p), p = ŷ (or σ(ŷ) from logits),
 * w = ỹ·α + (1 − ỹ)·(1 − α) with applyClassBalancing (else 1), ỹ = y·(1 − α_s) + α_s/2
 *
 * bce is Keras' binaryCrossentropy: clipped probabilities, or exact from logits (TensorFlow hands the
 * logits of its sigmoid to the cross-entropy); pₜ uses the unclipped p. With soft labels the factor
 * uses pₜ as written, times the full BCE. (1 − pₜ) is clamped at 0 before the power.
 * Defaults: γ 2, α 0.25, applyClassBalancing false, fromLogits false, labelSmoothing 0, axis −1.
 * @see https://keras.io/api/losses/probabilistic_losses/#binaryfocalcrossentropy-class
 * @example
 * keras.binaryFocalCrossentropy(tensor([[0.6, 0.4], [0.4, 0.6]]), tensor([[0, 1], [0, 0]]), { agg: 'none' }).toArray() // [0.3299, 0.2058]
 * keras.binaryFocalCrossentropy(tensor([-18.6, 0.51, 2.94, -12.8]), tensor([0, 1, 0, 0]), { fromLogits: true, applyClassBalancing: true }).item() // 0.5101
 */
export const binaryFocalCrossentropy = defineLoss('keras.binaryFocalCrossentropy', {}, (yhat: Tensor, y: Tensor, opts: KerasBinaryFocalOptions, name): Tensor => {
  const { gamma = 2, alpha = 0.25, applyClassBalancing = false, fromLogits = false, labelSmoothing = 0 } = opts;
  const t = smoothBinary(y, labelSmoothing);
  const p = fromLogits ? yhat.sigmoid() : yhat;
  const bce = fromLogits ? logitBce(yhat, t) : clippedBce(p, t);
  const notT = sub(1, t);
  const pt = t.mul(p).add(notT.mul(sub(1, p)));
  let l = posPow(sub(1, pt), gamma).mul(bce);
  if (applyClassBalancing) l = l.mul(t.mul(alpha).add(notT.mul(1 - alpha)));
  return aggregate(l.mean(axisOf(name, yhat, opts.axis)), opts.agg);
});

export interface KerasCategoricalFocalOptions extends KerasCrossentropyOptions {
  /** Focusing parameter γ ≥ 0 (default 2). */
  gamma?: number;
  /** Class weight α: a number, or a Tensor of one weight per class of the last dim (default 0.25). */
  alpha?: number | Tensor;
}

/**
 * Keras' `categorical_focal_crossentropy`, arguments (ŷ, y).
 *
 * `agg(Σ_axis α·(1 − p)^γ·(−ỹ·log p))`, p = clip(ŷ / Σ_axis ŷ, ε, 1 − ε) (ŷ softmaxed first from
 * logits), ε = 1e-7, ỹ = y·(1 − α_s) + α_s/C
 *
 * The factor is per class (1 − p), not (1 − pₜ); from logits the softmax is clipped too (unlike
 * keras.categoricalCrossentropy). A Tensor α broadcasts over the last dim. Defaults: α 0.25, γ 2,
 * fromLogits false, labelSmoothing 0, axis −1.
 * @see https://keras.io/api/losses/probabilistic_losses/#categoricalfocalcrossentropy-class
 * @example
 * keras.categoricalFocalCrossentropy(tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), tensor([[0, 1, 0], [0, 0, 1]])).item() // 0.2332
 */
export const categoricalFocalCrossentropy = defineLoss('keras.categoricalFocalCrossentropy', {}, (yhat: Tensor, y: Tensor, opts: KerasCategoricalFocalOptions, name): Tensor => {
  const { gamma = 2, alpha = 0.25, fromLogits = false, labelSmoothing = 0 } = opts;
  const d = axisOf(name, yhat, opts.axis);
  const last = yhat.shape[yhat.ndim - 1];
  if (alpha instanceof Tensor && !(alpha.ndim === 1 && alpha.shape[0] === last)) {
    throw new RangeError(`${name}: option alpha as a Tensor must have shape [${last}] (the last dim of prediction shape [${yhat.shape}]), got [${alpha.shape}]`);
  }
  const t = smoothCategorical(y, labelSmoothing);
  const q = fromLogits ? yhat.softmax(d) : yhat;
  const p = q.div(q.sum(d, true)).clamp(EPSILON, 1 - EPSILON);
  const ce = t.mul(p.log()).neg();
  return aggregate(posPow(sub(1, p), gamma).mul(alpha).mul(ce).sum(d), opts.agg);
});
