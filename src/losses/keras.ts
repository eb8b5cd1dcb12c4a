/**
 * Keras' and other classic regression/classification losses: logCoshLoss, quantileLoss, mape,
 * smape, categoricalHinge, cosineSimilarityLoss.
 */
import { scope } from '../autograd/state.js';
import { where } from '../ops/api.js';
import { l2Normalize } from '../ops/composite.js';
import type { Tensor } from '../tensor/tensor.js';
import { aggregate, checkShapes, classDim, epsOf, type AggOptions, type ClassDimOptions, type EpsOptions } from './common.js';

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
export function logCoshLoss(yhat: Tensor, y: Tensor, opts: AggOptions = {}): Tensor {
  return scope('logCoshLoss', () => {
    checkShapes('logCoshLoss', yhat, y);
    const e = yhat.sub(y);
    return aggregate(e.add(e.mul(-2).softplus()).sub(Math.LN2), opts.agg);
  });
}

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
export function quantileLoss(yhat: Tensor, y: Tensor, opts: AggOptions & { quantile?: number } = {}): Tensor {
  return scope('quantileLoss', () => {
    checkShapes('quantileLoss', yhat, y);
    const { quantile: q = 0.5 } = opts;
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantileLoss: quantile must be in [0, 1], got ${q}`);
    const d = y.sub(yhat);
    return aggregate(d.mul(q).maximum(d.mul(q - 1)), opts.agg);
  });
}

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
export function mape(yhat: Tensor, y: Tensor, opts: AggOptions & EpsOptions = {}): Tensor {
  return scope('mape', () => {
    checkShapes('mape', yhat, y);
    return aggregate(y.sub(yhat).abs().div(y.abs().clamp(epsOf(yhat, opts.eps))).mul(100), opts.agg);
  });
}

/**
 * Symmetric mean absolute percentage error, in [0, 200].
 *
 * `agg(200·|ŷ − y| / (|ŷ| + |y|))`
 *
 * Where ŷ = y = 0 the term is 0 (a perfect prediction), not 0/0: the denominator is sanitised.
 * Default agg 'mean'.
 * @see https://en.wikipedia.org/wiki/Symmetric_mean_absolute_percentage_error
 * @example
 * smape(tensor([110, 0]), tensor([100, 0])).item() // 4.7619
 */
export function smape(yhat: Tensor, y: Tensor, opts: AggOptions = {}): Tensor {
  return scope('smape', () => {
    checkShapes('smape', yhat, y);
    const den = yhat.abs().add(y.abs());
    const nonzero = den.gt(0);
    return aggregate(where(nonzero, yhat.sub(y).abs().mul(200).div(where(nonzero, den, 1)), 0), opts.agg);
  });
}

/**
 * Keras' categorical hinge for one-hot y: the best wrong score should trail the right one by 1.
 *
 * `agg(max(0, max_dims((1 − y)·ŷ) − Σ_dims y·ŷ + 1))`, one loss per sample
 *
 * Ties for the max split the gradient evenly; at the kink the gradient passes (clamp).
 * Defaults: agg 'mean', dims 1 (0 for rank 1).
 * @see https://keras.io/api/losses/hinge_losses/#categoricalhinge-class
 * @example
 * categoricalHinge(tensor([[2, 1.5, 0]]), tensor([[1, 0, 0]])).item() // 0.5
 */
export function categoricalHinge(yhat: Tensor, y: Tensor, opts: AggOptions & ClassDimOptions = {}): Tensor {
  return scope('categoricalHinge', () => {
    checkShapes('categoricalHinge', yhat, y);
    const d = classDim('categoricalHinge', yhat, opts.dims);
    const pos = y.mul(yhat).sum(d);
    const neg = y.neg().add(1).mul(yhat).max(d);
    return aggregate(neg.sub(pos).add(1).clamp(0), opts.agg);
  });
}

/**
 * Keras' cosine similarity loss: minus the cosine of ŷ and y along `dims`, in [−1, 1].
 *
 * `agg(−Σ_dims l2normalize(y)·l2normalize(ŷ))`, l2normalize(x) = x / √max(Σx², 1e-12)
 *
 * The 1e-12 clamp keeps a zero vector finite. Defaults: agg 'mean', dims 1 (0 for rank 1).
 * @see https://keras.io/api/losses/regression_losses/#cosinesimilarity-class
 * @example
 * cosineSimilarityLoss(tensor([[1, 1]]), tensor([[1, 0]])).item() // -0.7071
 */
export function cosineSimilarityLoss(yhat: Tensor, y: Tensor, opts: AggOptions & ClassDimOptions = {}): Tensor {
  return scope('cosineSimilarityLoss', () => {
    checkShapes('cosineSimilarityLoss', yhat, y);
    const d = classDim('cosineSimilarityLoss', yhat, opts.dims);
    return aggregate(l2Normalize(y, d).mul(l2Normalize(yhat, d)).sum(d).neg(), opts.agg);
  });
}
