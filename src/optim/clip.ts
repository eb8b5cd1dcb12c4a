import { valuesNorm } from '../tensor/norm.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/tape/state.js';
import { checkOptions, type OptionSpec } from '../tensor/options.js';

export interface ClipGradNormOptions {
  /** p of the p-norm over all gradients together (default 2; Infinity for the largest |g|). */
  normType?: number;
  /** Throw when the total norm is NaN or infinite instead of scaling by it (default false). */
  errorIfNonfinite?: boolean;
}

const clipGradNormOptions: OptionSpec = {
  normType: { want: 'a number > 0 or Infinity', ok: (v) => typeof v === 'number' && v > 0 },
  errorIfNonfinite: 'bool',
};

const gradsOf = (params: Tensor | Iterable<Tensor>): Tensor[] =>
  (params instanceof Tensor ? [params] : [...params]).filter((p) => p.grad !== null);

/**
 * Scales the gradients of `params` so that their joint p-norm is at most maxNorm (PyTorch's
 * clip_grad_norm_): with N the norm of all gradients taken as one vector, each gradient is
 * multiplied by min(1, maxNorm / (N + 1e-6)). Returns N, the norm before clipping. Parameters
 * without a gradient are skipped. Each `.grad` is replaced by its scaled copy (a gradient may share
 * storage with another tensor, so it is not written in place). The norm is accumulated in float64 (tensor/norm.ts), scaled so that large gradients do not overflow.
 * @example const norm = clipGradNorm(model.parameters(), 1.0)
 */
export function clipGradNorm(params: Tensor | Iterable<Tensor>, maxNorm: number, opts: ClipGradNormOptions = {}): number {
  checkOptions('clipGradNorm', opts, clipGradNormOptions);
  const { normType = 2, errorIfNonfinite = false } = opts;
  if (!(maxNorm >= 0)) throw new RangeError(`clipGradNorm: maxNorm must be a number >= 0, got ${maxNorm}`);
  const withGrad = gradsOf(params);
  if (withGrad.length === 0) return 0;
  const total = valuesNorm(withGrad.map((p) => p.grad!.contiguousData()), normType);
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new RangeError(`clipGradNorm: the total norm of order ${normType} of the gradients is ${total}, so they cannot be clipped (errorIfNonfinite)`);
  }
  const coef = Math.min(1, maxNorm / (total + 1e-6));
  if (coef !== 1) noGrad(() => { for (const p of withGrad) p.grad = p.grad!.mul(coef); });
  return total;
}

/**
 * Clamps every gradient element of `params` into [−clipValue, clipValue] (PyTorch's
 * clip_grad_value_); NaN stays NaN. Each `.grad` is replaced by its clamped copy.
 * @example clipGradValue(model.parameters(), 0.5)
 */
export function clipGradValue(params: Tensor | Iterable<Tensor>, clipValue: number): void {
  if (!(clipValue >= 0)) throw new RangeError(`clipGradValue: clipValue must be a number >= 0, got ${clipValue}`);
  noGrad(() => { for (const p of gradsOf(params)) p.grad = p.grad!.clamp(-clipValue, clipValue); });
}
