/**
 * PyTorch's Bernoulli and divergence losses: binaryCrossEntropy (probabilities),
 * binaryCrossEntropyWithLogits, klDiv (log-probability input). Arguments (input, target, opts).
 */
import { defineLoss } from '../define.js';
import { sub, xlogy } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkWithin, logitBce } from '../common.js';
import { checkBroadcastable, reduce, type Reduction, type ReductionOptions } from './common.js';

export interface WeightOptions extends ReductionOptions {
  /** A rescaling weight of each element, broadcast against input (PyTorch's `weight`). */
  weight?: Tensor;
}

/** log x clamped below at −100, as PyTorch's binary_cross_entropy: the clamp is on x (at e^−100), so x = 0 has a finite, zero gradient. */
const clampedLog = (x: Tensor): Tensor => x.clamp(Math.exp(-100)).log();

/**
 * PyTorch's `F.binary_cross_entropy` / `nn.BCELoss` on probabilities.
 *
 * `reduce(−weight·(target·max(log x, −100) + (1 − target)·max(log(1 − x), −100)))`
 *
 * PyTorch clamps each log at −100 (no ε: the top-level `losses.binaryCrossentropy` adds Flux's
 * ε inside the log instead). input outside [0, 1] is an error, as PyTorch. At x ∈ {0, 1} exactly
 * the gradient here is that of the clamped log (0 where clamped); PyTorch's hand-written derivative
 * (x − y)/max(x(1 − x), 1e-12) gives other numbers there. Defaults: no weight, reduction 'mean'.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.BCELoss.html
 * @example
 * torch.binaryCrossEntropy(tensor([0.9, 0.2]), tensor([1, 0])).item() // 0.1643
 */
export const binaryCrossEntropy = defineLoss('torch.binaryCrossEntropy', { names: ['input', 'target'] }, (input: Tensor, target: Tensor, opts: WeightOptions, name): Tensor => {
  checkBroadcastable(name, 'weight', opts.weight, input.shape);
  checkWithin(name, 'input (a probability)', input, 0, 1);
  let l = target.mul(clampedLog(input)).add(sub(1, target).mul(clampedLog(sub(1, input)))).neg();
  if (opts.weight) l = l.mul(opts.weight);
  return reduce(l, opts.reduction);
});

/**
 * PyTorch's `F.binary_cross_entropy_with_logits` / `nn.BCEWithLogitsLoss`.
 *
 * `reduce(weight·((1 − target)·x − (1 + (posWeight − 1)·target)·logσ(x)))`
 *
 * The top-level {@link logitBinaryCrossentropy}'s formula, with weight and posWeight broadcast
 * against input as PyTorch (posWeight [C] lines up with the last dim). Finite for logits of any
 * size. Defaults: no weight, posWeight 1, reduction 'mean'.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.BCEWithLogitsLoss.html
 * @example
 * torch.binaryCrossEntropyWithLogits(tensor([2, -1]), tensor([1, 0]), { posWeight: tensor([3]) }).item() // 0.347
 */
export const binaryCrossEntropyWithLogits = defineLoss('torch.binaryCrossEntropyWithLogits', { names: ['input', 'target'] }, (input: Tensor, target: Tensor, opts: WeightOptions & { posWeight?: Tensor }, name): Tensor => {
  checkBroadcastable(name, 'weight', opts.weight, input.shape);
  checkBroadcastable(name, 'posWeight', opts.posWeight, input.shape);
  // the top-level form, with posWeight broadcast against input in general (PyTorch's rule), not only [] or [C]
  let l = logitBce(input, target, opts.posWeight?.sub(1).mul(target).add(1));
  if (opts.weight) l = l.mul(opts.weight);
  return reduce(l, opts.reduction);
});

/**
 * PyTorch's `F.kl_div` / `nn.KLDivLoss`: **input is log-probabilities**, target probabilities
 * (or log-probabilities with logTarget).
 *
 * `target·(log target − input)` = xlogy(target, target) − target·input (0 where target = 0);
 * logTarget: `exp(target)·(target − input)`
 *
 * 'mean' averages over every element, as PyTorch (which warns that this is not the KL
 * divergence); 'batchmean' divides the sum by the batch size input.shape[0], the real KL per
 * sample. The top-level `losses.kldivergence` (Flux's) takes probabilities and its 'mean' is
 * 'batchmean'. Defaults: reduction 'mean', logTarget false.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.KLDivLoss.html
 * @example
 * torch.klDiv(tensor([[0.9, 0.1]]).log(), tensor([[0.5, 0.5]]), { reduction: 'batchmean' }).item() // 0.5108
 */
export const klDiv = defineLoss('torch.klDiv', { names: ['input', 'target'] }, (input: Tensor, target: Tensor, opts: { reduction?: Reduction | 'batchmean'; logTarget?: boolean }): Tensor => {
  const { reduction = 'mean', logTarget = false } = opts;
  const l = logTarget ? target.exp().mul(target.sub(input)) : xlogy(target, target).sub(target.mul(input));
  if (reduction === 'batchmean') return l.sum().div(input.ndim > 0 ? input.shape[0] : 1);
  return reduce(l, reduction);
});
