/**
 * PyTorch's classification losses: crossEntropy, nllLoss, multiMarginLoss, multilabelMarginLoss,
 * multilabelSoftMarginLoss. input is [N, C, d1, ...] (class dim 1) or [C]; class-index targets
 * are int32, as PyTorch's Long.
 */
import { defineLoss } from '../define.js';
import { sub, where } from '../../ops/index.js';
import { oneHot } from '../../tensor/create.js';
import { sameShape, shapeStr } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { logitCrossentropy, nllLoss as nll } from '../classification.js';
import { checkIndexRange, checkShapes, without } from '../common.js';
import { aggOf, reduce, type ReductionOptions } from './common.js';

export interface ClassWeightOptions extends ReductionOptions {
  /** Per-class weights, shape [C]. */
  weight?: Tensor;
}

export interface CrossEntropyOptions extends ClassWeightOptions {
  /** Targets equal to this (class indices only) are left out of numerator and denominator (default −100). */
  ignoreIndex?: number;
  /** α ∈ [0, 1]: the target becomes (1 − α)·target + α/C (default 0). */
  labelSmoothing?: number;
}

const classDimOf = (x: Tensor): number => (x.ndim >= 2 ? 1 : 0);

/**
 * PyTorch's `F.cross_entropy` / `nn.CrossEntropyLoss` on logits: int32 class indices of input's
 * shape without dim 1, or class probabilities of input's shape.
 *
 * indices: `lᵢ = −wᵧ·logSoftmax(x)[i, yᵢ]` (with smoothing: (1 − α)·that + (α/C)·Σ_c −w_c·logSoftmax(x)[i, c]),
 * 'mean' = Σ lᵢ / Σ w[yᵢ] over the targets not ignored; probabilities: `−Σ_c w_c·ỹ_c·logSoftmax(x)_c`,
 * 'mean' over the samples
 *
 * A thin adapter over {@link logitCrossentropy} (the fused softmaxCrossEntropy primitive). With a
 * probability target PyTorch ignores a negative ignoreIndex and rejects one ≥ 0: so does this
 * adapter. Defaults: no weight, ignoreIndex −100, labelSmoothing 0, reduction 'mean'.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.CrossEntropyLoss.html
 * @example
 * torch.crossEntropy(tensor([[2, 0, -1]]), tensor([0], { dtype: 'int32' })).item() // 0.1698
 * torch.crossEntropy(tensor([[2, 0, -1], [0, 1, 0]]), tensor([0, 2], { dtype: 'int32' }), { weight: tensor([1, 2, 3]), labelSmoothing: 0.1 }).item() // 1.2632
 */
export const crossEntropy = defineLoss('torch.crossEntropy', { target: 'free' }, (input: Tensor, target: Tensor, opts: CrossEntropyOptions): Tensor => {
  const { ignoreIndex, reduction: _, ...rest } = opts;
  // PyTorch: ignore_index < 0 is ignored for probability targets, ≥ 0 is an error
  const dense = target.dtype !== 'int32';
  if (dense && ignoreIndex !== undefined && ignoreIndex >= 0) {
    throw new RangeError(`torch.crossEntropy: option ignoreIndex applies only to int32 class-index targets (as PyTorch: ignore_index is not supported for floating point target), got ${ignoreIndex} with a ${target.dtype} target`);
  }
  return logitCrossentropy(input, target, { ...rest, ignoreIndex: dense ? undefined : ignoreIndex, agg: aggOf(opts) });
});

/**
 * PyTorch's `F.nll_loss` / `nn.NLLLoss`: input holds log-probabilities, target int32 class indices.
 *
 * `lᵢ = −w[yᵢ]·input[i, yᵢ]`; 'mean' = Σ lᵢ / Σ w[yᵢ] over the targets not ignored
 *
 * A thin adapter over {@link nll}; PyTorch's nll_loss takes class indices only, so a float
 * target is an error. Defaults: no weight, ignoreIndex −100, reduction 'mean'.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.NLLLoss.html
 * @example
 * torch.nllLoss(tensor([[-0.1, -2.5, -3]]), tensor([1], { dtype: 'int32' })).item() // 2.5
 */
export const nllLoss = defineLoss('torch.nllLoss', { target: 'free' }, (input: Tensor, target: Tensor, opts: Omit<CrossEntropyOptions, 'labelSmoothing'>): Tensor => {
  if (target.dtype !== 'int32') throw new TypeError(`torch.nllLoss: target must hold int32 class indices (PyTorch's Long), got ${target.dtype}`);
  const { reduction, ...rest } = opts;
  return nll(input, target, { ...rest, agg: reduction ?? 'mean' });
});

/** An int32 target of input's shape without the class dim, with indices in range. */
function checkIndexTarget(loss: string, input: Tensor, target: Tensor, d: number): void {
  const want = without(input.shape, d);
  if (target.dtype !== 'int32' || !sameShape(target.shape, want)) {
    throw new RangeError(`${loss}: target must be int32 class indices of shape ${shapeStr(want)} for input shape ${shapeStr(input.shape)}, got a ${target.dtype} target of shape ${shapeStr(target.shape)}`);
  }
  checkIndexRange(loss, target, input.shape[d], d);
}

/**
 * PyTorch's `F.multi_margin_loss` / `nn.MultiMarginLoss`: the multi-class hinge, input [N, C] or [C].
 *
 * `lₙ = Σ_{i ≠ y} w[y]·max(0, margin − x[y] + x[i])^p / C`, p ∈ {1, 2}
 *
 * Defaults: p 1, margin 1, no weight, reduction 'mean' (over N).
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.MultiMarginLoss.html
 * @example
 * torch.multiMarginLoss(tensor([[0.1, 0.2, 0.4, 0.8]]), tensor([3], { dtype: 'int32' })).item() // 0.325
 */
export const multiMarginLoss = defineLoss('torch.multiMarginLoss', { target: 'free' }, (input: Tensor, target: Tensor, opts: ClassWeightOptions & { p?: 1 | 2; margin?: number }, name): Tensor => {
  if (input.ndim < 1 || input.ndim > 2) throw new RangeError(`torch.multiMarginLoss: input must be [N, C] or [C], got shape ${shapeStr(input.shape)}`);
  const d = input.ndim - 1, C = input.shape[d];
  checkIndexTarget(name, input, target, d);
  const { p = 1, margin = 1, weight } = opts;
  if (weight && !sameShape(weight.shape, [C])) throw new RangeError(`torch.multiMarginLoss: weight shape ${shapeStr(weight.shape)} must be [${C}]`);
  const y = target.unsqueeze(d);
  const z = input.sub(input.gather(d, y)).add(margin).clamp(0);
  let h = p === 2 ? z.square() : z;
  if (weight) h = h.mul(weight.gather(0, target.flatten()).reshape(y.shape));
  const others = where(oneHot(target, C), 0, h);
  return reduce(others.sum(d).div(C), opts.reduction);
});

/**
 * PyTorch's `F.multilabel_margin_loss` / `nn.MultiLabelMarginLoss`: target holds int32 class
 * indices of input's shape, read up to the first −1 (the rest is ignored).
 *
 * `lₙ = Σ_{j ∈ targets} Σ_{i ∉ targets} max(0, 1 − (x[j] − x[i])) / C`
 *
 * Defaults: reduction 'mean' (over N).
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.MultiLabelMarginLoss.html
 * @example
 * torch.multilabelMarginLoss(tensor([[0.1, 0.2, 0.4, 0.8]]), tensor([[3, 0, -1, 1]], { dtype: 'int32' })).item() // 0.85
 */
export const multilabelMarginLoss = defineLoss('torch.multilabelMarginLoss', { target: 'free' }, (input: Tensor, target: Tensor, opts: ReductionOptions, name): Tensor => {
  if (input.ndim < 1 || input.ndim > 2) throw new RangeError(`torch.multilabelMarginLoss: input must be [N, C] or [C], got shape ${shapeStr(input.shape)}`);
  if (target.dtype !== 'int32') throw new TypeError(`torch.multilabelMarginLoss: target must hold int32 class indices, got ${target.dtype}`);
  checkShapes(name, input, target, ['input', 'target']);
  const d = input.ndim - 1, C = input.shape[d];
  const listed = target.eq(-1).cumsum(d).eq(0); // slots before the first −1
  const index = where(listed, target, 0);
  checkIndexRange(name, index, C, d);
  const isTarget = oneHot(index, C).mul(listed.unsqueeze(-1)).sum(d).gt(0); // [..., C]
  const hinge = input.unsqueeze(d).sub(input.gather(d, index).unsqueeze(-1)).add(1).clamp(0); // [..., slot, class]
  const pairs = listed.unsqueeze(-1).mul(sub(1, isTarget).unsqueeze(d));
  return reduce(hinge.mul(pairs).sum([-2, -1]).div(C), opts.reduction);
});

/**
 * PyTorch's `F.multilabel_soft_margin_loss` / `nn.MultiLabelSoftMarginLoss`: one logistic loss
 * per class, averaged over the classes (last dim); target 0/1 (or soft) of input's shape.
 *
 * `lₙ = −Σ_c w_c·(y_c·logσ(x_c) + (1 − y_c)·logσ(−x_c)) / C`
 *
 * Defaults: no weight, reduction 'mean' (over N).
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.MultiLabelSoftMarginLoss.html
 * @example
 * torch.multilabelSoftMarginLoss(tensor([[2, -1, 0]]), tensor([[1, 0, 1]])).item() // 0.3778
 */
export const multilabelSoftMarginLoss = defineLoss('torch.multilabelSoftMarginLoss', { names: ['input', 'target'] }, (input: Tensor, target: Tensor, opts: ClassWeightOptions): Tensor => {
  const C = input.shape[input.ndim - 1] ?? 1;
  if (opts.weight && !sameShape(opts.weight.shape, [C])) throw new RangeError(`torch.multilabelSoftMarginLoss: weight shape ${shapeStr(opts.weight.shape)} must be [${C}]`);
  let l = target.mul(input.logSigmoid()).add(sub(1, target).mul(input.neg().logSigmoid())).neg();
  if (opts.weight) l = l.mul(opts.weight);
  return reduce(l.sum(-1).div(C), opts.reduction);
});
