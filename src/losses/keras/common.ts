/**
 * What the `losses.keras` functions share: Keras' ε, the per-sample reduction over an axis, and the
 * `agg` contract read as Keras' reductions ('mean' = sum_over_batch_size over the per-sample
 * losses, 'sum', 'none' = the per-sample losses).
 */
import { sub } from '../../ops/index.js';
import { normalizeDim } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { logitBce, smoothLabels, type AggOptions } from '../common.js';

/** `keras.backend.epsilon()`: the clip bound of probabilities and the floor of denominators. */
export const EPSILON = 1e-7;

export interface AxisOptions extends AggOptions {
  /** The axis reduced into one loss per sample (Keras' `axis`), default −1. */
  axis?: number;
}

/** The axis as a non-negative dim (rank ≥ 1: Keras reduces over it). */
export const axisOf = (loss: string, x: Tensor, axis = -1): number => normalizeDim(loss, axis, x.ndim);

/** Keras' label smoothing of a binary target: y·(1 − α) + α/2. */
export const smoothBinary = (y: Tensor, alpha: number): Tensor => (alpha ? smoothLabels(y, alpha, 2) : y);

/** Keras' label smoothing of a categorical target: y·(1 − α) + α/C, C the size of y's **last** dim. */
export const smoothCategorical = (y: Tensor, alpha: number): Tensor =>
  alpha ? smoothLabels(y, alpha, y.shape[y.ndim - 1]) : y;

/** Binary cross-entropy of probabilities clipped to [ε, 1 − ε]: value −log ε and gradient 0 where clipped. */
export function clippedBce(p: Tensor, y: Tensor): Tensor {
  const o = p.clamp(EPSILON, 1 - EPSILON);
  return y.mul(o.log()).add(sub(1, y).mul(sub(1, o).log())).neg();
}

/** TensorFlow's sigmoid_cross_entropy_with_logits: (1 − y)·x − logσ(x), the catalogue's body (common.ts). */
export { logitBce };
