/** Target and weight helpers: labelSmoothing (Flux) and classBalancedWeights (Cui et al. 2019). */
import { noGrad, scope } from '../autograd/tape/state.js';
import { where } from '../ops/index.js';
import { tensor } from '../tensor/create.js';
import { normalizeDim } from '../tensor/shape.js';
import { checkValue, Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../tensor/options.js';
import { smoothLabels } from './common.js';

/**
 * Flux's label smoothing of targets y with strength α ∈ (0, 1).
 *
 * `y·(1 − α) + α / size(y, dims)`; `dims: 0` means binary labels: `y·(1 − α) + α/2`
 *
 * `dims` is the class dim (default 1, or the only dim of a rank-1 y, as Flux's `size(y, 1)` of a
 * vector; negative counts from the end); the literal 0 selects the binary form, as in Flux. For class-index targets
 * use the `labelSmoothing` option of the cross-entropy losses (PyTorch's form) instead.
 * α outside (0, 1) is an error.
 * @see https://fluxml.ai/Flux.jl/stable/reference/models/losses/#Flux.Losses.label_smoothing
 * @example
 * labelSmoothing(tensor([[0, 1, 0, 0]]), 0.2).toArray() // [[0.05, 0.85, 0.05, 0.05]]
 */
export function labelSmoothing(y: Tensor, alpha: number, opts: { dims?: number } = {}): Tensor {
  return scope('labelSmoothing', () => {
    checkOptions('labelSmoothing', opts, { dims: 'dim' });
    if (!(alpha > 0 && alpha < 1)) throw new RangeError(`labelSmoothing: α must be in (0, 1), got ${alpha}`);
    const { dims } = opts;
    const classes = dims === 0 ? 2 : y.shape[normalizeDim('labelSmoothing', dims ?? (y.ndim >= 2 ? 1 : 0), y.ndim)];
    return smoothLabels(y, alpha, classes);
  });
}

/**
 * Class weights from the effective number of samples (Cui et al. 2019), for the `weight` option
 * of the cross-entropy losses or as per-class factors.
 *
 * `w_c ∝ (1 − β) / (1 − β^n_c)`, normalised so that Σ w_c = C
 *
 * 1 − β^n is computed as −expm1(n·log β), accurate for β near 1. β → 0 gives equal weights,
 * β → 1 inverse frequencies. Returns float64 for an array or a float64 tensor, else the
 * tensor's float dtype. β must be in [0, 1) and every count finite and > 0 (a class with no
 * samples would get an infinite weight). Default β 0.9999.
 * @see https://arxiv.org/abs/1901.05555
 * @example
 * classBalancedWeights([100, 10], 0.9).toArray() // [0.7889, 1.2111]
 */
export function classBalancedWeights(samplesPerClass: Tensor | readonly number[], beta = 0.9999): Tensor {
  return scope('classBalancedWeights', () => {
    if (!(beta >= 0 && beta < 1)) throw new RangeError(`classBalancedWeights: beta must be in [0, 1), got ${beta}`);
    const n = samplesPerClass instanceof Tensor ? samplesPerClass : tensor([...samplesPerClass], { dtype: 'float64' });
    const smallest = noGrad(() => (n.size ? checkValue(where(n.eq(n), n, NaN).min()) : NaN));
    if (!(smallest > 0) || noGrad(() => checkValue(n.max())) === Infinity) {
      throw new RangeError(`classBalancedWeights: every class count must be a finite number > 0 (a class with no samples has no effective number), got ${n.size ? smallest : 'no classes'}`);
    }
    const w = n.mul(Math.log(beta)).expm1().neg().pow(-1).mul(1 - beta);
    return w.div(w.sum()).mul(n.size);
  });
}
