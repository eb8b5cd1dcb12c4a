/**
 * Keras' overlap losses: dice and tversky. By default the sums run over the whole tensor (one loss
 * for the batch); `axis` (a dim or dims) sums over those dims only. Arguments are (ŷ, y).
 */
import { defineLoss } from '../define.js';
import { sub } from '../../ops/index.js';
import { normalizeDims } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { aggregate, type AggOptions } from '../common.js';
import { EPSILON } from './common.js';

export interface OverlapAxisOptions extends AggOptions {
  /** The dims summed over; default all (one loss for the whole batch). */
  axis?: number | number[];
}

const summer = (loss: string, x: Tensor, axis: OverlapAxisOptions['axis']) => {
  const dims = normalizeDims(loss, axis, x.ndim);
  return (t: Tensor) => t.sum(dims);
};

/**
 * Keras' `dice` loss, arguments (ŷ, y).
 *
 * `agg(1 − 2·Σ y·ŷ / (Σ y + Σ ŷ + ε))`, ε = 1e-7, sums over `axis` (default: all dims)
 *
 * Linear sums and ε in the denominator only, unlike {@link diceCoeffLoss} (Flux: squared sums and
 * a smoothing term added to both).
 * @see https://keras.io/api/losses/
 * @example
 * keras.dice(tensor([[0, 1], [0.4, 0]]), tensor([[1, 1], [1, 0]])).item() // 0.3636
 * keras.dice(tensor([[[[0], [1]], [[0], [1]]], [[[0.4], [0]], [[0], [0.9]]]]), tensor([[[[1], [1]], [[0], [0]]], [[[1], [1]], [[0], [0]]]])).item() // 0.6164384
 * keras.dice(tensor([[[[0], [1]], [[0], [1]]], [[[0.4], [0]], [[0], [0.9]]]]), tensor([[[[1], [1]], [[0], [0]]], [[[1], [1]], [[0], [0]]]]), { axis: [1, 2, 3], agg: 'none' }).toArray() // [0.5, 0.75757575]
 */
export const dice = defineLoss('keras.dice', {}, (yhat: Tensor, y: Tensor, opts: OverlapAxisOptions, name): Tensor => {
  const sum = summer(name, yhat, opts.axis);
  const overlap = sum(y.mul(yhat)).mul(2);
  return aggregate(sub(1, overlap.div(sum(y).add(sum(yhat)).add(EPSILON))), opts.agg);
});

/**
 * Keras' `tversky` loss, arguments (ŷ, y).
 *
 * `agg(1 − Σ yŷ / (Σ yŷ + α·Σ y(1 − ŷ) + β·Σ (1 − y)ŷ + ε))`, ε = 1e-7, sums over `axis`
 *
 * Keras' code multiplies α by Σ y(1 − ŷ) (missed positives) and β by Σ (1 − y)ŷ (false alarms),
 * though its docstring names them the other way round; this is the number Keras computes.
 * {@link tverskyLoss}'s β (Flux, the paper) weighs y(1 − ŷ): it is this α. Defaults α 0.5, β 0.5.
 * @see https://keras.io/api/losses/
 * @see https://arxiv.org/abs/1706.05721
 * @example
 * keras.tversky(tensor([[0, 1], [0.4, 0]]), tensor([[1, 1], [1, 0]]), { alpha: 0.7, beta: 0.3 }).item() // 0.4444
 */
export const tversky = defineLoss('keras.tversky', {}, (yhat: Tensor, y: Tensor, opts: OverlapAxisOptions & { alpha?: number; beta?: number }, name): Tensor => {
  const { alpha = 0.5, beta = 0.5 } = opts;
  const sum = summer(name, yhat, opts.axis);
  const tp = sum(y.mul(yhat));
  const missed = sum(sub(1, yhat).mul(y));
  const extra = sum(yhat.mul(sub(1, y)));
  const den = tp.add(missed.mul(alpha)).add(extra.mul(beta)).add(EPSILON);
  return aggregate(sub(1, tp.div(den)), opts.agg);
});
