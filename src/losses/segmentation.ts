/**
 * Overlap losses for segmentation: diceCoeffLoss and tverskyLoss (set measures over the whole
 * batch, or per sample with `perSample`), and the elementwise selfAdjustingDiceLoss.
 */
import { defineLoss } from './define.js';
import { sub } from '../ops/index.js';
import { posPow } from '../ops/composite.js';
import type { Tensor } from '../tensor/tensor.js';
import { aggregate, type AggOptions } from './common.js';

export interface OverlapOptions extends AggOptions {
  /**
   * false (default, Flux): the sums run over the whole tensor and the loss is one number for the
   * batch, to which `agg` applies as to a 0-d tensor (so 'none' is that scalar). true: the sums run
   * over every dim but the first, giving one loss per sample that `agg` reduces ('none' keeps [N]).
   */
  perSample?: boolean;
}

/** Σ over the whole tensor, or over every dim but the batch dim. */
const total = (t: Tensor, perSample: boolean | undefined) =>
  perSample && t.ndim > 1 ? t.sum(t.shape.slice(1).map((_, i) => i + 1)) : t.sum();

/**
 * Dice coefficient loss (Milletari et al. 2016; Flux's `dice_coeff_loss`).
 *
 * `1 − (2Σ(y·ŷ) + s) / (Σy² + Σŷ² + s)`
 *
 * The smoothing s is added once (not inside the sums) and keeps empty masks at loss 0.
 * Defined over the whole batch (a set measure, not a mean of per-element losses); `perSample`
 * gives one loss per sample. Defaults: smooth 1, perSample false, agg 'mean'.
 * @see https://fluxml.ai/Flux.jl/stable/reference/models/losses/#Flux.Losses.dice_coeff_loss
 * @see https://arxiv.org/abs/1606.04797
 * @example
 * diceCoeffLoss(tensor([0.9, 0.1, 0.8]), tensor([1, 0, 1])).item() // 0.0135
 */
export const diceCoeffLoss = defineLoss('diceCoeffLoss', {}, (yhat: Tensor, y: Tensor, opts: OverlapOptions & { smooth?: number }): Tensor => {
  const { smooth = 1, perSample } = opts;
  const overlap = total(y.mul(yhat), perSample).mul(2).add(smooth);
  const size = total(y.square(), perSample).add(total(yhat.square(), perSample)).add(smooth);
  return aggregate(sub(1, overlap.div(size)), opts.agg);
});

/**
 * Tversky loss (Salehi et al. 2017), Flux's `tversky_loss` as Flux's code computes it: β weighs
 * the false positives (1 − y)·ŷ and 1 − β the false negatives y·(1 − ŷ).
 *
 * `1 − (Σ(y·ŷ) + s) / (Σ(y·ŷ + β·(1 − y)·ŷ + (1 − β)·y·(1 − ŷ)) + s)`
 *
 * Flux's docstring says the opposite in words ("larger β weigh recall more ... emphasis on false
 * negatives"); its code, and this function, put β on false positives, so with the default β = 0.7
 * a false positive costs more than a false negative. For β on false negatives pass 1 − β
 * (`losses.keras.tversky` has Keras' α/β on false negatives / false positives). β = 0.5 is the
 * dice loss with linear (not squared) sums. Whole batch or per sample as {@link diceCoeffLoss}.
 * Defaults: β 0.7, smooth 1, perSample false, agg 'mean'.
 * @see https://fluxml.ai/Flux.jl/stable/reference/models/losses/#Flux.Losses.tversky_loss
 * @see https://arxiv.org/abs/1706.05721
 * @example
 * tverskyLoss(tensor([0.9, 0.1, 0.8]), tensor([1, 0, 1])).item() // 0.0559
 */
export const tverskyLoss = defineLoss('tverskyLoss', {}, (yhat: Tensor, y: Tensor, opts: OverlapOptions & { beta?: number; smooth?: number }): Tensor => {
  const { beta = 0.7, smooth = 1, perSample } = opts;
  const tp = y.mul(yhat);
  const fp = sub(1, y).mul(yhat);
  const fn = y.mul(sub(1, yhat));
  const den = total(tp.add(fp.mul(beta)).add(fn.mul(1 - beta)), perSample).add(smooth);
  return aggregate(sub(1, total(tp, perSample).add(smooth).div(den)), opts.agg);
});

/**
 * Self-adjusting dice loss (Li et al. 2020, "Dice Loss for Data-imbalanced NLP Tasks"):
 * per-element, with the focal-style factor (1 − p)^α down-weighting easy examples.
 *
 * `agg(1 − (2·(1 − p)^α·p·y + γ) / ((1 − p)^α·p + y + γ))`, p = ŷ ∈ [0, 1]
 *
 * (1 − p) is clamped at 0 so a fractional α stays finite at p = 1. Defaults: α 1, γ 1, agg 'mean'.
 * @see https://arxiv.org/abs/1911.02855
 * @example
 * selfAdjustingDiceLoss(tensor([0.9, 0.2]), tensor([1, 0])).item() // 0.2867
 */
export const selfAdjustingDiceLoss = defineLoss('selfAdjustingDiceLoss', {}, (yhat: Tensor, y: Tensor, opts: AggOptions & { alpha?: number; gamma?: number }): Tensor => {
  const { alpha = 1, gamma = 1 } = opts;
  const q = posPow(sub(1, yhat), alpha).mul(yhat);
  return aggregate(sub(1, q.mul(y).mul(2).add(gamma).div(q.add(y).add(gamma))), opts.agg);
});
