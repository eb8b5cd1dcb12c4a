/**
 * Elementwise regression losses: mae, mse, msle, huberLoss, smoothL1Loss, poissonLoss.
 * e = ŷ − y throughout; every loss is reduced with `agg` (default 'mean').
 */
import { defineLoss } from './define.js';
import { where, xlogy } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { aggregate, epsOf, type AggOptions, type EpsOptions } from './common.js';

/**
 * Mean absolute error (L1).
 *
 * `agg(|ŷ − y|)`
 *
 * At ŷ = y the gradient is 0 (abs'(0) = 0). Default agg 'mean'.
 * @see https://fluxml.ai/Flux.jl/stable/reference/models/losses/#Flux.Losses.mae
 * @see https://pytorch.org/docs/stable/generated/torch.nn.L1Loss.html
 * @example
 * mae(tensor([1, 2, 3]), tensor([1, 4, 2])).item() // 1
 */
export const mae = defineLoss('mae', { target: 'flux' }, (yhat: Tensor, y: Tensor, opts: AggOptions): Tensor =>
  aggregate(yhat.sub(y).abs(), opts.agg));

/**
 * Mean squared error.
 *
 * `agg((ŷ − y)²)`
 *
 * Default agg 'mean'.
 * @see https://fluxml.ai/Flux.jl/stable/reference/models/losses/#Flux.Losses.mse
 * @see https://pytorch.org/docs/stable/generated/torch.nn.MSELoss.html
 * @example
 * mse(tensor([1, 2, 3]), tensor([1, 4, 2])).item() // 1.6667
 */
export const mse = defineLoss('mse', { target: 'flux' }, (yhat: Tensor, y: Tensor, opts: AggOptions): Tensor =>
  aggregate(yhat.sub(y).square(), opts.agg));

/**
 * Mean squared logarithmic error, for non-negative targets spanning orders of magnitude.
 *
 * `agg((log(ŷ + ε) − log(y + ε))²)`
 *
 * ε keeps the logs finite at 0. Defaults: agg 'mean', ε = machine epsilon of ŷ's dtype.
 * Keras adds 1 after clipping at 1e-7: `eps: 1` agrees with it where ŷ, y ≥ 1e-7, and
 * `losses.keras.meanSquaredLogarithmicError` is Keras' form exactly.
 * @see https://fluxml.ai/Flux.jl/stable/reference/models/losses/#Flux.Losses.msle
 * @see https://keras.io/api/losses/regression_losses/#meansquaredlogarithmicerror-class
 * @example
 * msle(tensor([1, 10]), tensor([1, 100])).item() // 2.6509
 */
export const msle = defineLoss('msle', { target: 'flux' }, (yhat: Tensor, y: Tensor, opts: AggOptions & EpsOptions): Tensor => {
  const eps = epsOf(yhat, opts.eps);
  return aggregate(yhat.add(eps).log().sub(y.add(eps).log()).square(), opts.agg);
});

/**
 * Huber loss: quadratic for small errors, linear (slope δ) beyond δ.
 *
 * `agg(|e| < δ ? ½e² : δ(|e| − ½δ))`, e = ŷ − y
 *
 * Both branches are polynomials, so `where` is safe. δ must be > 0 (as PyTorch).
 * Defaults: δ 1, agg 'mean'.
 * @see https://fluxml.ai/Flux.jl/stable/reference/models/losses/#Flux.Losses.huber_loss
 * @see https://pytorch.org/docs/stable/generated/torch.nn.HuberLoss.html
 * @example
 * huberLoss(tensor([0, 0]), tensor([0.5, 3])).item() // 1.3125
 */
export const huberLoss = defineLoss('huberLoss', { target: 'flux' }, (yhat: Tensor, y: Tensor, opts: AggOptions & { delta?: number }): Tensor => {
  const { delta = 1 } = opts;
  const e = yhat.sub(y), a = e.abs();
  return aggregate(where(a.lt(delta), e.square().mul(0.5), a.sub(delta / 2).mul(delta)), opts.agg);
});

/**
 * PyTorch's smooth L1 loss: Huber divided by β (quadratic below β, slope 1 beyond).
 *
 * `agg(|e| < β ? ½e²/β : |e| − ½β)`, e = ŷ − y; β = 0 is {@link mae}
 *
 * β = 0 skips the quadratic branch (its 1/β would turn a 0 gradient into NaN); β must be ≥ 0
 * (as PyTorch). Defaults: β 1, agg 'mean'.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.SmoothL1Loss.html
 * @example
 * smoothL1Loss(tensor([0, 0]), tensor([0.5, 3]), { beta: 2 }).item() // 1.0313
 */
export const smoothL1Loss = defineLoss('smoothL1Loss', {}, (yhat: Tensor, y: Tensor, opts: AggOptions & { beta?: number }): Tensor => {
  const { beta = 1 } = opts;
  const e = yhat.sub(y), a = e.abs();
  if (beta === 0) return aggregate(a, opts.agg);
  return aggregate(where(a.lt(beta), e.square().mul(0.5 / beta), a.sub(beta / 2)), opts.agg);
});

/**
 * Flux's `poisson_loss`: the Poisson negative log-likelihood of a rate ŷ ≥ 0 for counts y (up to
 * the constant log y!).
 *
 * `agg(ŷ − xlogy(y, ŷ + ε))`, ε = 0 by default (Flux)
 *
 * At ŷ = 0 the loss is +∞ where y > 0 (the true value: a zero rate cannot produce a count) and
 * ŷ where y = 0 (xlogy). `eps: 1e-8` is PyTorch's `poisson_nll_loss(log_input=False)`, which
 * `losses.torch.poissonNllLoss(ŷ, y, { logInput: false })` has built in. Defaults: ε 0, agg 'mean'.
 * @see https://fluxml.ai/Flux.jl/stable/reference/models/losses/#Flux.Losses.poisson_loss
 * @see https://pytorch.org/docs/stable/generated/torch.nn.PoissonNLLLoss.html
 * @example
 * poissonLoss(tensor([2, 0.5]), tensor([3, 0])).item() // 0.2103
 * poissonLoss(tensor([0, 1]), tensor([2, 1]), { agg: 'sum', eps: 1e-8 }).item() // 37.8414
 */
export const poissonLoss = defineLoss('poissonLoss', { target: 'flux' }, (yhat: Tensor, y: Tensor, opts: AggOptions & EpsOptions): Tensor => {
  const { eps = 0 } = opts;
  return aggregate(yhat.sub(xlogy(y, eps ? yhat.add(eps) : yhat)), opts.agg);
});
