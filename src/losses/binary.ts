/**
 * Binary (per-element Bernoulli) losses: binaryCrossentropy and binaryFocalLoss on probabilities,
 * logitBinaryCrossentropy on logits. Labels y ∈ [0, 1] (soft labels allowed).
 */
import { defineLoss } from './define.js';
import { sub, xlogy } from '../ops/index.js';
import { posPow } from '../ops/composite.js';
import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { aggregate, logitBce, checkWithin, epsOf, type AggOptions, type EpsOptions } from './common.js';

/**
 * Binary cross-entropy of probabilities ŷ ∈ [0, 1] (Flux's `binarycrossentropy`, PyTorch's
 * `binary_cross_entropy`).
 *
 * `agg(−xlogy(y, ŷ + ε) − xlogy(1 − y, 1 − ŷ + ε))`
 *
 * Stability: ε keeps both logs finite at ŷ ∈ {0, 1}; xlogy gives 0 for the absent label.
 * ŷ outside [0, 1] is an error. Prefer {@link logitBinaryCrossentropy} on logits.
 * Defaults: agg 'mean', ε = machine epsilon of ŷ's dtype.
 * @see https://fluxml.ai/Flux.jl/stable/reference/models/losses/#Flux.Losses.binarycrossentropy
 * @see https://pytorch.org/docs/stable/generated/torch.nn.BCELoss.html
 * @example
 * binaryCrossentropy(tensor([0.9, 0.2]), tensor([1, 0])).item() // 0.1643
 */
export const binaryCrossentropy = defineLoss('binaryCrossentropy', { target: 'flux' }, (yhat: Tensor, y: Tensor, opts: AggOptions & EpsOptions, name): Tensor => {
  checkWithin(name, 'prediction ŷ (a probability)', yhat, 0, 1);
  const eps = epsOf(yhat, opts.eps);
  const q = sub(1, yhat);
  return aggregate(xlogy(y, yhat.add(eps)).add(xlogy(sub(1, y), q.add(eps))).neg(), opts.agg);
});

export interface LogitBinaryOptions extends AggOptions {
  /** PyTorch's pos_weight: the weight of positive examples, broadcast over the last dim (shape [] or [C]). */
  posWeight?: Tensor;
}

/**
 * Binary cross-entropy of logits ŷ (Flux's `logitbinarycrossentropy`, PyTorch's
 * `binary_cross_entropy_with_logits`).
 *
 * `agg((1 − y)·ŷ − (1 + (posWeight − 1)·y)·logSigmoid(ŷ))`
 *
 * Stability: logSigmoid(ŷ) = −softplus(−ŷ) is finite for logits of any size; no ε needed.
 * Defaults: agg 'mean', posWeight 1.
 * @see https://fluxml.ai/Flux.jl/stable/reference/models/losses/#Flux.Losses.logitbinarycrossentropy
 * @see https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html
 * @example
 * logitBinaryCrossentropy(tensor([2, -1]), tensor([1, 0])).item() // 0.2201
 */
export const logitBinaryCrossentropy = defineLoss('logitBinaryCrossentropy', { target: 'flux' }, (yhat: Tensor, y: Tensor, opts: LogitBinaryOptions): Tensor => {
  const { posWeight } = opts;
  const last = yhat.shape[yhat.ndim - 1] ?? 1;
  if (posWeight && !(posWeight.ndim === 0 || (posWeight.ndim === 1 && posWeight.shape[0] === last))) {
    throw new RangeError(`logitBinaryCrossentropy: posWeight shape ${shapeStr(posWeight.shape)} must be [] or [${last}] (the last dim of prediction shape ${shapeStr(yhat.shape)})`);
  }
  return aggregate(logitBce(yhat, y, posWeight?.sub(1).mul(y).add(1)), opts.agg);
});

export interface BinaryFocalOptions extends AggOptions, EpsOptions {
  /** Focusing parameter γ ≥ 0 (default 2); γ = 0 is {@link binaryCrossentropy} for hard labels. */
  gamma?: number;
  /** Class balance: α weighs positives (y = 1), 1 − α negatives. Default: no weighting. */
  alpha?: number;
}

/**
 * Binary focal loss on probabilities ŷ ∈ [0, 1] (Lin et al. 2017; Flux's `binary_focal_loss`).
 *
 * `agg(αₜ · (1 − pₜ)^γ · −log pₜ)`, pₜ = y·(ŷ + ε) + (1 − y)·(1 − ŷ + ε), αₜ = α·y + (1 − α)(1 − y)
 *
 * ε sits inside each log argument as in {@link binaryCrossentropy}, so pₜ ≥ ε > 0 for ŷ, y in
 * [0, 1] (Flux's p = ŷ + ε, pₜ = y·p + (1 − y)(1 − p) gives pₜ = −ε, a NaN, at ŷ = 1, y = 0).
 * The base 1 − pₜ (−ε at a perfect prediction) is clamped at 0, so fractional γ never sees a
 * negative base. With hard labels and γ = 0 this equals binaryCrossentropy exactly; with soft
 * labels pₜ mixes the two terms and the two differ. ŷ outside [0, 1] is an error.
 * Defaults: γ 2, no α, agg 'mean', ε machine eps.
 * @see https://fluxml.ai/Flux.jl/stable/reference/models/losses/#Flux.Losses.binary_focal_loss
 * @see https://arxiv.org/abs/1708.02002
 * @example
 * binaryFocalLoss(tensor([0.9, 0.2]), tensor([1, 0])).item() // 0.005
 */
export const binaryFocalLoss = defineLoss('binaryFocalLoss', { target: 'flux' }, (yhat: Tensor, y: Tensor, opts: BinaryFocalOptions, name): Tensor => {
  checkWithin(name, 'prediction ŷ (a probability)', yhat, 0, 1);
  const { gamma = 2, alpha } = opts;
  const eps = epsOf(yhat, opts.eps);
  const notY = sub(1, y);
  const pt = y.mul(yhat.add(eps)).add(notY.mul(sub(1, yhat).add(eps)));
  let l = posPow(sub(1, pt), gamma).mul(pt.log()).neg();
  if (alpha !== undefined) l = l.mul(y.mul(alpha).add(notY.mul(1 - alpha)));
  return aggregate(l, opts.agg);
});
