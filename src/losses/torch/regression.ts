/**
 * PyTorch's elementwise losses: l1Loss, mseLoss, huberLoss, smoothL1Loss, softMarginLoss,
 * poissonNllLoss, gaussianNllLoss. Arguments (input, target[, var], opts), PyTorch's order.
 * Where PyTorch's semantics are the top-level loss's, the function is a thin adapter over it.
 */
import { defineLoss } from '../define.js';
import { scope } from '../../autograd/tape/state.js';
import { where, xlogy } from '../../ops/index.js';
import { sameShape, shapeStr } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkShapes, checkWithin } from '../common.js';
import { checkOptions } from '../options.js';
import { huberLoss as huber, mae, mse, smoothL1Loss as smoothL1 } from '../regression.js';
import { aggOf, reduce, type ReductionOptions } from './common.js';

/**
 * PyTorch's `F.l1_loss` / `nn.L1Loss`: mean absolute error ({@link mae}).
 *
 * `reduce(|input − target|)`; abs'(0) = 0
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.L1Loss.html
 * @example
 * torch.l1Loss(tensor([1, 2, 3]), tensor([1, 4, 2])).item() // 1
 */
export const l1Loss = defineLoss('torch.l1Loss', { names: ['input', 'target'] }, (input: Tensor, target: Tensor, opts: ReductionOptions): Tensor =>
  mae(input, target, { agg: aggOf(opts) }));

/**
 * PyTorch's `F.mse_loss` / `nn.MSELoss` ({@link mse}).
 *
 * `reduce((input − target)²)`
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.MSELoss.html
 * @example
 * torch.mseLoss(tensor([1, 2, 3]), tensor([1, 4, 2]), { reduction: 'sum' }).item() // 5
 */
export const mseLoss = defineLoss('torch.mseLoss', { names: ['input', 'target'] }, (input: Tensor, target: Tensor, opts: ReductionOptions): Tensor =>
  mse(input, target, { agg: aggOf(opts) }));

/**
 * PyTorch's `F.huber_loss` / `nn.HuberLoss` ({@link huber}): ½e² for |e| < δ, δ(|e| − ½δ) beyond.
 * Defaults: delta 1, reduction 'mean'.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.HuberLoss.html
 * @example
 * torch.huberLoss(tensor([0, 0]), tensor([0.5, 3])).item() // 1.3125
 */
export const huberLoss = defineLoss('torch.huberLoss', { names: ['input', 'target'] }, (input: Tensor, target: Tensor, opts: ReductionOptions & { delta?: number }): Tensor =>
  huber(input, target, { agg: aggOf(opts), delta: opts.delta }));

/**
 * PyTorch's `F.smooth_l1_loss` / `nn.SmoothL1Loss`: Huber divided by β; β = 0 is L1.
 * Defaults: beta 1, reduction 'mean'.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.SmoothL1Loss.html
 * @example
 * torch.smoothL1Loss(tensor([0, 0]), tensor([0.5, 3]), { beta: 2 }).item() // 1.0313
 */
export const smoothL1Loss = defineLoss('torch.smoothL1Loss', { names: ['input', 'target'] }, (input: Tensor, target: Tensor, opts: ReductionOptions & { beta?: number }): Tensor =>
  smoothL1(input, target, { agg: aggOf(opts), beta: opts.beta }));

/**
 * PyTorch's `F.soft_margin_loss` / `nn.SoftMarginLoss`: logistic loss for labels ±1.
 *
 * `reduce(log(1 + exp(−target·input)))` = reduce(softplus(−target·input)), overflow-free
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.SoftMarginLoss.html
 * @example
 * torch.softMarginLoss(tensor([2, -1]), tensor([1, 1])).item() // 0.7201
 */
export const softMarginLoss = defineLoss('torch.softMarginLoss', { names: ['input', 'target'] }, (input: Tensor, target: Tensor, opts: ReductionOptions): Tensor =>
  reduce(target.mul(input).neg().softplus(), opts.reduction));

export interface PoissonNllOptions extends ReductionOptions {
  /** input is the log-rate (default true, PyTorch's default); false: input is the rate. */
  logInput?: boolean;
  /** Add Stirling's approximation of log(target!) where target > 1 (default false). */
  full?: boolean;
  /** Added to the rate inside the log when logInput is false (default 1e-8). */
  eps?: number;
}

/**
 * PyTorch's `F.poisson_nll_loss` / `nn.PoissonNLLLoss`.
 *
 * logInput: `exp(input) − target·input`; else `input − target·log(input + eps)`;
 * full adds `target·log(target) − target + ½·log(2π·target)` where target > 1
 *
 * PyTorch's default is logInput = true (the top-level `losses.poissonLoss` takes a rate, Flux's form).
 * In the rate form PyTorch multiplies target·log(input + eps) (no xlogy): a zero count contributes
 * input only, as here. Defaults: logInput true, full false, eps 1e-8, reduction 'mean'.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.PoissonNLLLoss.html
 * @example
 * torch.poissonNllLoss(tensor([0.5, -1]), tensor([2, 0])).item() // 0.5083
 * torch.poissonNllLoss(tensor([2, 0.5]), tensor([3, 0]), { logInput: false }).item() // 0.2103
 */
export const poissonNllLoss = defineLoss('torch.poissonNllLoss', { names: ['input', 'target'] }, (input: Tensor, target: Tensor, opts: PoissonNllOptions): Tensor => {
  const { logInput = true, full = false, eps = 1e-8 } = opts;
  let l = logInput ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(eps).log()));
  if (full) {
    // Stirling's term only where target > 1 (PyTorch masks it); its input is sanitised elsewhere
    const big = target.gt(1);
    const t = where(big, target, 2);
    const stirling = xlogy(t, t).sub(t).add(t.mul(2 * Math.PI).log().mul(0.5));
    l = l.add(where(big, stirling, 0));
  }
  return reduce(l, opts.reduction);
});

/**
 * PyTorch's `F.gaussian_nll_loss` / `nn.GaussianNLLLoss`: input is the mean, var the variance.
 *
 * `reduce(½·(log max(var, eps) + (input − target)² / max(var, eps)) [+ ½·log 2π if full])`
 *
 * var has input's shape, or input's shape with the last dim 1 or without it (one variance per
 * sample, broadcast), as PyTorch. The clamp at eps is PyTorch's in-place clamp under no_grad, so
 * the gradient w.r.t. var passes as if unclamped (written as var + (clamp(var) − var).detach()).
 * A negative variance is an error. Defaults: full false, eps 1e-6, reduction 'mean'.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.GaussianNLLLoss.html
 * @example
 * torch.gaussianNllLoss(tensor([0, 1]), tensor([1, 1]), tensor([1, 0.5])).item() // 0.0767
 */
export function gaussianNllLoss(input: Tensor, target: Tensor, variance: Tensor, opts: ReductionOptions & { full?: boolean; eps?: number } = {}): Tensor {
  return scope('torch.gaussianNllLoss', () => {
    checkOptions('torch.gaussianNllLoss', opts);
    checkShapes('torch.gaussianNllLoss', input, target, ['input', 'target']);
    const { full = false, eps = 1e-6 } = opts;
    let v = variance;
    if (!sameShape(v.shape, input.shape)) {
      const head = input.shape.slice(0, -1);
      if (sameShape(v.shape, head)) v = v.unsqueeze(-1);
      else if (!(sameShape(v.shape.slice(0, -1), head) && v.shape[v.ndim - 1] === 1 && v.ndim === input.ndim)) {
        throw new RangeError(`torch.gaussianNllLoss: var shape ${shapeStr(variance.shape)} must be input shape ${shapeStr(input.shape)}, or it with the last dim 1 or without it`);
      }
    }
    checkWithin('torch.gaussianNllLoss', 'var (a variance)', v, 0, Infinity);
    const clamped = v.add(v.clamp(eps).sub(v).detach());
    let l = clamped.log().add(input.sub(target).square().div(clamped)).mul(0.5);
    if (full) l = l.add(0.5 * Math.log(2 * Math.PI));
    return reduce(l, opts.reduction);
  });
}
