/**
 * Robust and relative regression losses: logCoshLoss, quantileLoss, mape, smape (in tapegrad's
 * conventions; `losses.keras` has Keras' own logCosh and meanAbsolutePercentageError).
 */
import { defineLoss } from './define.js';
import { where } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { aggregate, epsOf, type AggOptions, type EpsOptions } from './common.js';

/**
 * Log-cosh loss: ≈ ½e² for small errors, ≈ |e| − log 2 for large ones.
 *
 * `agg(log cosh e) = agg(e + softplus(−2e) − log 2)`, e = ŷ − y
 *
 * Stable form: cosh overflows for |e| > 710 (float64), softplus does not. Default agg 'mean'.
 * @see https://keras.io/api/losses/regression_losses/#logcosh-class
 * @example
 * logCoshLoss(tensor([0, 0]), tensor([1, -3])).item() // 1.3716
 */
export const logCoshLoss = defineLoss('logCoshLoss', {}, (yhat: Tensor, y: Tensor, opts: AggOptions): Tensor => {
  const e = yhat.sub(y);
  return aggregate(e.add(e.mul(-2).softplus()).sub(Math.LN2), opts.agg);
});

/**
 * Quantile (pinball) loss: its minimiser is the q-quantile of y; q = 0.5 is half the MAE.
 *
 * `agg(max(q·(y − ŷ), (q − 1)·(y − ŷ)))`
 *
 * At ŷ = y the tie splits the gradient evenly. q must lie in [0, 1]. Defaults: quantile 0.5,
 * agg 'mean'.
 * @see https://www.tensorflow.org/addons/api_docs/python/tfa/losses/PinballLoss
 * @example
 * quantileLoss(tensor([1, 1]), tensor([2, 0]), { quantile: 0.9 }).item() // 0.5
 */
export const quantileLoss = defineLoss('quantileLoss', {}, (yhat: Tensor, y: Tensor, opts: AggOptions & { quantile?: number }): Tensor => {
  const { quantile: q = 0.5 } = opts;
  const d = y.sub(yhat);
  return aggregate(d.mul(q).maximum(d.mul(q - 1)), opts.agg);
});

/**
 * Mean absolute percentage error (Keras' `mean_absolute_percentage_error`).
 *
 * `agg(100·|y − ŷ| / max(|y|, ε))`
 *
 * |y| is clamped below by ε as in Keras (whose ε is 1e-7); a zero target gives a huge, finite
 * loss. Defaults: agg 'mean', ε = machine epsilon of ŷ's dtype.
 * @see https://keras.io/api/losses/regression_losses/#meanabsolutepercentageerror-class
 * @example
 * mape(tensor([110, 45]), tensor([100, 50])).item() // 10
 */
export const mape = defineLoss('mape', {}, (yhat: Tensor, y: Tensor, opts: AggOptions & EpsOptions): Tensor =>
  aggregate(y.sub(yhat).abs().div(y.abs().clamp(epsOf(yhat, opts.eps))).mul(100), opts.agg));

/**
 * Symmetric mean absolute percentage error, in [0, 200].
 *
 * `agg(200·|ŷ − y| / (|ŷ| + |y|))`
 *
 * Where ŷ = y = 0 the term is 0 (a perfect prediction), not 0/0: the denominator is sanitised.
 * A NaN input gives NaN. Default agg 'mean'.
 * @see https://en.wikipedia.org/wiki/Symmetric_mean_absolute_percentage_error
 * @example
 * smape(tensor([110, 0]), tensor([100, 0])).item() // 4.7619
 */
export const smape = defineLoss('smape', {}, (yhat: Tensor, y: Tensor, opts: AggOptions): Tensor => {
  const den = yhat.abs().add(y.abs());
  const both0 = den.eq(0); // NaN is not 0, so a NaN input stays NaN
  return aggregate(where(both0, 0, yhat.sub(y).abs().mul(200).div(where(both0, 1, den))), opts.agg);
});
