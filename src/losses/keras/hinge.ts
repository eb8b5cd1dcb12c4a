/**
 * Keras' hinge losses: hinge and squaredHinge (0/1 labels converted to −1/1 as Keras does) and
 * categoricalHinge. Arguments are (ŷ, y), Keras' (y_pred, y_true) swapped.
 */
import { defineLoss } from '../define.js';
import { sub } from '../../ops/index.js';
import { noGrad, scope } from '../../autograd/tape/state.js';
import type { Tensor } from '../../tensor/tensor.js';
import { aggregate, checkShapes, type AggOptions } from '../common.js';
import { checkOptions } from '../options.js';
import { axisOf } from './common.js';
import type { LossName } from '../options.js';

/**
 * Keras' `convert_binary_labels_to_hinge`: if **every** label is 0 or 1, y → 2y − 1; otherwise y
 * unchanged (so ±1 labels pass, and a mix such as {−1, 0, 1} is used as given).
 */
function hingeLabels(y: Tensor): Tensor {
  const binary = noGrad(() => y.eq(0).add(y.eq(1)).sum().item()) === y.size;
  return binary ? y.mul(2).sub(1) : y;
}

/** The body of hinge and squaredHinge: max(1 − y·ŷ, 0) (squared), its mean over the last axis, agg. */
const marginLoss = (squared: boolean) => (yhat: Tensor, y: Tensor, opts: AggOptions, name: LossName): Tensor => {
  const gap = sub(1, hingeLabels(y).mul(yhat)).clamp(0);
  return aggregate((squared ? gap.square() : gap).mean(axisOf(name, yhat)), opts.agg);
};

/**
 * Keras' `hinge`, arguments (ŷ, y); y ∈ {−1, 1}, or {0, 1} (converted to ±1).
 *
 * `agg(mean_{-1}(max(1 − y·ŷ, 0)))`; at the kink (y·ŷ = 1) the gradient passes, as TensorFlow's
 * maximum gives ties to its first argument
 * @see https://keras.io/api/losses/hinge_losses/#hinge-class
 * @example
 * keras.hinge(tensor([[0.6, 0.4], [0.4, 0.6]]), tensor([[0, 1], [0, 0]])).item() // 1.3
 */
export const hinge = defineLoss('keras.hinge', {}, marginLoss(false));

/**
 * Keras' `squared_hinge`, arguments (ŷ, y); y ∈ {−1, 1}, or {0, 1} (converted to ±1).
 *
 * `agg(mean_{-1}(max(1 − y·ŷ, 0)²))`
 * @see https://keras.io/api/losses/hinge_losses/#squaredhinge-class
 * @example
 * keras.squaredHinge(tensor([[0.6, 0.4], [0.4, 0.6]]), tensor([[0, 1], [0, 0]])).item() // 1.86
 */
export const squaredHinge = defineLoss('keras.squaredHinge', {}, marginLoss(true));

/**
 * Keras' `categorical_hinge` for one-hot y, arguments (ŷ, y).
 *
 * `agg(max(max_{-1}((1 − y)·ŷ) − Σ_{-1} y·ŷ + 1, 0))`, one loss per sample
 *
 * Tied maxima share the gradient evenly (TensorFlow's reduce_max does the same); at the kink the
 * gradient passes.
 * @see https://keras.io/api/losses/hinge_losses/#categoricalhinge-class
 * @example
 * keras.categoricalHinge(tensor([[0.6, 0.4], [0.4, 0.6]]), tensor([[0, 1], [1, 0]])).item() // 1.2
 */
export const categoricalHinge = defineLoss('keras.categoricalHinge', {}, (yhat: Tensor, y: Tensor, opts: AggOptions, name): Tensor => {
  const d = axisOf(name, yhat);
  const pos = y.mul(yhat).sum(d);
  const neg = sub(1, y).mul(yhat).max(d);
  return aggregate(neg.sub(pos).add(1).clamp(0), opts.agg);
});
