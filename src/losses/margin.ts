/**
 * Margin losses on a score ŷ: hingeLoss and squaredHingeLoss (Flux's: any real y, a number y
 * broadcasts), exponentialLoss, perceptronLoss and the zeroOneLoss metric (labels y ∈ {−1, 1},
 * others are an error), hingeEmbeddingLoss, and categoricalHinge on one-hot targets.
 * max(0, ·) is `clamp(·, 0)`: at the kink the gradient passes, as in PyTorch's clamp.
 */
import { defineLoss } from './define.js';
import { sub, where } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { aggregate, checkSigns, classDim, type AggOptions, type ClassDimOptions } from './common.js';

/** exponentialLoss, perceptronLoss and zeroOneLoss reject labels other than ±1; 0/1 labels are what Keras converts. */
const checkLabels = (loss: string, y: Tensor) =>
  checkSigns(loss, y, 'for 0/1 labels use losses.keras.hinge / squaredHinge, which convert them to ±1 as Keras does');

/**
 * Hinge loss (SVM), Flux's `hinge_loss`: meant for labels y ∈ {−1, 1}, computed for any real y
 * as Flux does (a number y broadcasts). 0/1 labels are not converted: for those use
 * `losses.keras.hinge`, which maps them to ±1 as Keras does.
 *
 * `agg(max(0, 1 − ŷ·y))`
 *
 * Default agg 'mean'.
 * @see https://fluxml.ai/Flux.jl/stable/reference/models/losses/#Flux.Losses.hinge_loss
 * @see https://keras.io/api/losses/hinge_losses/#hinge-class
 * @example
 * hingeLoss(tensor([0.3, -2]), tensor([1, 1])).item() // 1.85
 * hingeLoss(tensor([1, 2, 3, 4]), tensor([0.5, 1, 1.5, 2])).item() // 0.125
 */
export const hingeLoss = defineLoss('hingeLoss', { target: 'flux' }, (yhat: Tensor, y: Tensor, opts: AggOptions): Tensor =>
  aggregate(sub(1, yhat.mul(y)).clamp(0), opts.agg));

/**
 * Squared hinge loss, Flux's `squared_hinge_loss`: smooth at the margin; any real y as Flux
 * (meant for ±1; `losses.keras.squaredHinge` converts 0/1 labels).
 *
 * `agg(max(0, 1 − ŷ·y)²)`
 *
 * Default agg 'mean'.
 * @see https://fluxml.ai/Flux.jl/stable/reference/models/losses/#Flux.Losses.squared_hinge_loss
 * @see https://keras.io/api/losses/hinge_losses/#squaredhinge-class
 * @example
 * squaredHingeLoss(tensor([0.3, -2]), tensor([1, 1])).item() // 4.745
 */
export const squaredHingeLoss = defineLoss('squaredHingeLoss', { target: 'flux' }, (yhat: Tensor, y: Tensor, opts: AggOptions): Tensor =>
  aggregate(sub(1, yhat.mul(y)).clamp(0).square(), opts.agg));

/**
 * Exponential loss for labels y ∈ {−1, 1} (AdaBoost).
 *
 * `agg(exp(−y·ŷ))`
 *
 * Grows exponentially with a confident mistake (overflows to ∞ for y·ŷ below about −709 in
 * float64, −88 in float32). Default agg 'mean'.
 * @see https://en.wikipedia.org/wiki/Loss_functions_for_classification#Exponential_loss
 * @example
 * exponentialLoss(tensor([1, -1]), tensor([1, 1])).item() // 1.5431
 */
export const exponentialLoss = defineLoss('exponentialLoss', {}, (yhat: Tensor, y: Tensor, opts: AggOptions, name): Tensor => {
  checkLabels(name, y);
  return aggregate(y.mul(yhat).neg().exp(), opts.agg);
});

/**
 * Perceptron loss for labels y ∈ {−1, 1}: hinge with margin 0.
 *
 * `agg(max(0, −y·ŷ))`
 *
 * Default agg 'mean'.
 * @see https://scikit-learn.org/stable/modules/generated/sklearn.linear_model.Perceptron.html
 * @example
 * perceptronLoss(tensor([0.5, -2]), tensor([1, 1])).item() // 1
 */
export const perceptronLoss = defineLoss('perceptronLoss', {}, (yhat: Tensor, y: Tensor, opts: AggOptions, name): Tensor => {
  checkLabels(name, y);
  return aggregate(y.mul(yhat).neg().clamp(0), opts.agg);
});

/**
 * Zero-one loss: the fraction of misclassified scores, a **metric with no gradient**. Its result
 * never requires grad (it is built from comparisons only), so differentiating it through the tape
 * is an error and `grad` of it is 0; train with {@link hingeLoss} or a cross-entropy, report this.
 *
 * `agg([y·ŷ ≤ 0])`, y ∈ {−1, 1} (a score of exactly 0 counts as an error)
 *
 * A NaN score gives NaN (never a count of 0 or 1). Default agg 'mean' (the error rate); 'sum'
 * counts the errors.
 * @see https://en.wikipedia.org/wiki/Loss_functions_for_classification
 * @see https://scikit-learn.org/stable/modules/generated/sklearn.metrics.zero_one_loss.html
 * @example
 * zeroOneLoss(tensor([0.5, -2, 3, 0]), tensor([1, 1, 1, -1])).item() // 0.5
 */
export const zeroOneLoss = defineLoss('zeroOneLoss', {}, (yhat: Tensor, y: Tensor, opts: AggOptions, name): Tensor => {
  checkLabels(name, y);
  const margin = y.mul(yhat);
  return aggregate(where(margin.eq(margin), margin.le(0), NaN), opts.agg);
});

/**
 * PyTorch's hinge embedding loss: ŷ is a distance, y = 1 for similar pairs, −1 for dissimilar.
 *
 * `agg(y = 1 ? ŷ : max(0, margin − ŷ))` (as PyTorch: [y ≠ −1]·ŷ + [y ≠ 1]·max(0, margin − ŷ))
 *
 * Defaults: margin 1, agg 'mean'.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.HingeEmbeddingLoss.html
 * @example
 * hingeEmbeddingLoss(tensor([0.3, 0.4]), tensor([1, -1])).item() // 0.45
 */
export const hingeEmbeddingLoss = defineLoss('hingeEmbeddingLoss', {}, (yhat: Tensor, y: Tensor, opts: AggOptions & { margin?: number }): Tensor => {
  const { margin = 1 } = opts;
  const push = yhat.neg().add(margin).clamp(0);
  return aggregate(where(y.eq(1), 0, push).add(where(y.eq(-1), 0, yhat)), opts.agg);
});

/**
 * Keras' categorical hinge for one-hot y: the best wrong score should trail the right one by 1.
 *
 * `agg(max(0, max_dims((1 − y)·ŷ) − Σ_dims y·ŷ + 1))`, one loss per sample
 *
 * Ties for the max split the gradient evenly; at the kink the gradient passes (clamp).
 * Class dim 1 for rank ≥ 3 (Keras: −1, see `losses.keras.categoricalHinge`). Defaults: agg 'mean',
 * dims 1 (0 for rank 1).
 * @see https://keras.io/api/losses/hinge_losses/#categoricalhinge-class
 * @example
 * categoricalHinge(tensor([[2, 1.5, 0]]), tensor([[1, 0, 0]])).item() // 0.5
 */
export const categoricalHinge = defineLoss('categoricalHinge', {}, (yhat: Tensor, y: Tensor, opts: AggOptions & ClassDimOptions, name): Tensor => {
  const d = classDim(name, yhat, opts.dims);
  const pos = y.mul(yhat).sum(d);
  const neg = sub(1, y).mul(yhat).max(d);
  return aggregate(neg.sub(pos).add(1).clamp(0), opts.agg);
});
