/**
 * Losses over class distributions: crossentropy, logitCrossentropy, focalLoss, nllLoss and
 * kldivergence. The class dim is `dims` (default 1, or 0 for rank-1 inputs: PyTorch's layout, so
 * for rank ≥ 3 the classes are dim 1, where Keras uses −1: pass `dims: -1`); the sum over it
 * happens before `agg`. The first four also take int32 class-index targets (PyTorch semantics).
 */
import { defineLoss } from './define.js';
import { softmaxCrossEntropy, sub, xlogy } from '../ops/index.js';
import { posPow } from '../ops/composite.js';
import type { Tensor } from '../tensor/tensor.js';
import {
  aggregate, classDim, classIndexLoss, denseTargetLoss, epsOf, isIndexTarget,
  type AggOptions, type ClassDimOptions, type EpsOptions, type IndexTargetOptions,
} from './common.js';

export type CrossentropyOptions = AggOptions & ClassDimOptions & EpsOptions & IndexTargetOptions;

/**
 * Cross-entropy of probabilities ŷ against a target distribution y (Flux's `crossentropy`).
 *
 * `agg(−Σ_dims xlogy(y, ŷ + ε))`
 *
 * With int32 class indices y (shape of ŷ without `dims`) it is PyTorch's `nll_loss(log(ŷ + ε), y)`
 * with `weight`, `ignoreIndex` and `labelSmoothing`; 'mean' divides by Σ weight[target]. A dense
 * target takes `weight` and `labelSmoothing` as PyTorch's `cross_entropy` does for probability
 * targets: `−Σ_c w_c·ỹ_c·log(ŷ_c + ε)`, ỹ = (1 − α)·y + α/C, 'mean' over samples (not Σ weight);
 * `ignoreIndex` needs indices (an error with a dense target). The class dim is 1 for rank ≥ 3
 * (PyTorch), not Keras' −1 (`losses.keras.categoricalCrossentropy` is Keras' form).
 * Stability: ε keeps log finite at ŷ = 0, and xlogy makes 0·log 0 = 0. Prefer
 * {@link logitCrossentropy} on logits. Defaults: agg 'mean', dims 1 (0 for rank 1),
 * ε = machine epsilon of ŷ's dtype, ignoreIndex −100, labelSmoothing 0.
 * @see https://fluxml.ai/Flux.jl/stable/reference/models/losses/#Flux.Losses.crossentropy
 * @see https://pytorch.org/docs/stable/generated/torch.nn.NLLLoss.html
 * @example
 * crossentropy(tensor([[0.7, 0.2, 0.1]]), tensor([[1, 0, 0]])).item() // 0.3567
 */
export const crossentropy = defineLoss('crossentropy', { target: 'free' }, (yhat: Tensor, y: Tensor, opts: CrossentropyOptions, name): Tensor => {
  const d = classDim(name, yhat, opts.dims);
  const p = yhat.add(epsOf(yhat, opts.eps));
  if (isIndexTarget(name, yhat, y, d)) return classIndexLoss(name, p.log(), y, d, opts);
  return denseTargetLoss(name, p, y, d, opts, xlogy);
});

/**
 * Cross-entropy of logits ŷ (softmax applied along `dims`) against y (Flux's `logitcrossentropy`,
 * PyTorch's `cross_entropy`).
 *
 * `agg(−Σ_dims y · logSoftmax(ŷ))`
 *
 * Stability: logSoftmax = ŷ − logsumexp(ŷ), finite for logits of any size. A −∞ logit on a class
 * with y = 0 contributes 0 (not 0·(−∞) = NaN) in value and gradient. int32 class-index targets,
 * and `weight`/`labelSmoothing` with dense targets, as in {@link crossentropy} (PyTorch's
 * `cross_entropy`). Class dim 1 for rank ≥ 3 (Keras: −1). Defaults: agg 'mean', dims 1 (0 for
 * rank 1), ignoreIndex −100, labelSmoothing 0.
 * @see https://fluxml.ai/Flux.jl/stable/reference/models/losses/#Flux.Losses.logitcrossentropy
 * @see https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html
 * @example
 * logitCrossentropy(tensor([[2, 0, -1]]), tensor([0], { dtype: 'int32' })).item() // 0.1698
 * logitCrossentropy(tensor([[2, 0, -1]]), tensor([[1, 0, 0]]), { weight: tensor([1, 2, 1]), labelSmoothing: 0.1 }).item() // 0.4088
 */
export const logitCrossentropy = defineLoss('logitCrossentropy', { target: 'free' }, (yhat: Tensor, y: Tensor, opts: Omit<CrossentropyOptions, 'eps'>, name): Tensor => {
  const d = classDim(name, yhat, opts.dims);
  // One fused primitive (max, Σ exp and loss in one pass per row; a one-pass gradient), for class
  // indices and dense targets; its 'mean' over class indices divides by Σ weight as PyTorch's.
  const index = isIndexTarget(name, yhat, y, d);
  const { agg = 'mean' } = opts;
  const reduction = index && (agg === 'mean' || agg === 'sum') ? agg : 'none';
  const { weight, ignoreIndex, labelSmoothing } = opts;
  const l = softmaxCrossEntropy(yhat, y, { weight, ignoreIndex, labelSmoothing, dim: d, reduction, caller: name });
  return reduction === 'none' ? aggregate(l, agg) : l;
});

/**
 * Negative log-likelihood of log-probabilities ŷ (PyTorch's `nll_loss`).
 *
 * `agg(−Σ_dims y · ŷ)`; with int32 class indices, `−w[yᵢ]·ŷ[i, yᵢ]` reduced as PyTorch does
 *
 * ŷ is expected to be log-probabilities (e.g. `logSoftmax`); a −∞ on a class with y = 0
 * contributes 0. Options and defaults as {@link crossentropy} (no ε: no log is taken): dense
 * targets take `weight` and `labelSmoothing` in `cross_entropy`'s form. Class dim 1 for rank ≥ 3.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.NLLLoss.html
 * @example
 * nllLoss(tensor([[-0.1, -2.5, -3]]), tensor([1], { dtype: 'int32' })).item() // 2.5
 */
export const nllLoss = defineLoss('nllLoss', { target: 'free' }, (yhat: Tensor, y: Tensor, opts: Omit<CrossentropyOptions, 'eps'>, name): Tensor => {
  const d = classDim(name, yhat, opts.dims);
  if (isIndexTarget(name, yhat, y, d)) return classIndexLoss(name, yhat, y, d, opts);
  return denseTargetLoss(name, yhat, y, d, opts);
});

export interface FocalOptions extends CrossentropyOptions {
  /** Focusing parameter γ ≥ 0 (default 2); γ = 0 is {@link crossentropy}. */
  gamma?: number;
}

/**
 * Focal loss on probabilities ŷ (Lin et al. 2017; Flux's `focal_loss`).
 *
 * `agg(Σ_dims −y · (1 − ŷε)^γ · log ŷε)`, ŷε = ŷ + ε
 *
 * Stability: the base 1 − ŷε is clamped at 0 (at ŷ = 1 it is −ε, and a fractional γ would give
 * NaN); the factor's gradient is finite for every γ ≥ 0 (see `posPow`). γ = 0 equals
 * {@link crossentropy}. int32 class-index targets apply f = −(1 − ŷε)^γ·log ŷε in PyTorch's
 * structure (weight, ignoreIndex, labelSmoothing); dense targets take weight and labelSmoothing
 * as {@link crossentropy}. γ < 0 is an error. Class dim 1 for rank ≥ 3 (Keras: −1).
 * Defaults: γ 2, agg 'mean', dims 1, ε machine eps.
 * @see https://fluxml.ai/Flux.jl/stable/reference/models/losses/#Flux.Losses.focal_loss
 * @see https://arxiv.org/abs/1708.02002
 * @example
 * focalLoss(tensor([[0.7, 0.2, 0.1]]), tensor([[1, 0, 0]])).item() // 0.0321
 */
export const focalLoss = defineLoss('focalLoss', { target: 'free' }, (yhat: Tensor, y: Tensor, opts: FocalOptions, name): Tensor => {
  const { gamma = 2 } = opts;
  const d = classDim(name, yhat, opts.dims);
  const p = yhat.add(epsOf(yhat, opts.eps));
  // log-likelihood terms s = (1 − ŷε)^γ·log ŷε; the loss terms are −s
  const s = posPow(sub(1, p), gamma).mul(p.log());
  if (isIndexTarget(name, yhat, y, d)) return classIndexLoss(name, s, y, d, opts);
  return denseTargetLoss(name, s, y, d, opts, (t, terms) => t.mul(terms));
});

/**
 * Kullback–Leibler divergence KL(y ‖ ŷ) of target y from prediction ŷ, both probabilities
 * (Flux's `kldivergence`; PyTorch's `kl_div(log(ŷ + ε), y)` with 'batchmean' is its 'mean').
 *
 * `agg(Σ_dims xlogy(y, y) − xlogy(y, ŷ + ε))` (entropy term + {@link crossentropy})
 *
 * Stability: xlogy makes 0·log 0 = 0; ε keeps log ŷ finite. KL(p, p) = 0 up to ε. A custom agg
 * gets the per-sample divergences. Class dim 1 for rank ≥ 3 (Keras: −1). Defaults: agg 'mean',
 * dims 1 (0 for rank 1), ε machine eps.
 * @see https://fluxml.ai/Flux.jl/stable/reference/models/losses/#Flux.Losses.kldivergence
 * @see https://pytorch.org/docs/stable/generated/torch.nn.KLDivLoss.html
 * @example
 * kldivergence(tensor([[0.5, 0.5]]), tensor([[0.9, 0.1]])).item() // 0.3681
 */
export const kldivergence = defineLoss('kldivergence', {}, (yhat: Tensor, y: Tensor, opts: AggOptions & ClassDimOptions & EpsOptions, name): Tensor => {
  const d = classDim(name, yhat, opts.dims);
  return aggregate(xlogy(y, y).sub(xlogy(y, yhat.add(epsOf(yhat, opts.eps)))).sum(d), opts.agg);
});
