/**
 * Composite helpers: pure compositions of primitives (no VJP of their own), for the places where
 * the obvious composition is numerically unsafe. Used by the losses; public so users can build
 * their own losses the same way.
 */
import { onesLike, tensorArg } from '../tensor/create.js';
import { normalizeDim } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { where } from './where.js';
import { norm } from './statistics.js';
import { checkFlag } from '../tensor/options.js';

/**
 * max(x, 0)^γ for γ ≥ 0, finite in value and gradient for every x (the focal-loss factor).
 * - γ = 0: the constant 1 (never 0⁰'s gradient 0·∞).
 * - γ ≥ 1: clamp(x, 0)^γ; its slope at 0 is γ·0^(γ−1) (finite) and passes at exactly 0, as
 *   PyTorch's clamp does; below 0 the gradient is 0.
 * - 0 < γ < 1: the true slope at 0 is infinite, so the power is taken of a sanitised base and the
 *   gradient is 0 for x ≤ 0 (where's unpicked branch must be safe at its input).
 */
export function posPow(x: Tensor, gamma: number): Tensor {
  tensorArg('posPow', x);
  if (!(gamma >= 0)) throw new RangeError(`posPow: exponent must be ≥ 0, got ${gamma}`);
  if (gamma === 0) return onesLike(x);
  if (gamma >= 1) return x.clamp(0).pow(gamma);
  const pos = x.gt(0);
  return where(pos, where(pos, x, 1).pow(gamma), 0);
}

/**
 * The p-norm (Σ|x|ᵖ)^(1/p) over `dim`, for p > 0: `norm` with one dim. At a zero vector the value
 * is 0 and the gradient is 0 (a subgradient) instead of 0/0.
 */
export function pNorm(x: Tensor, p: number, dim: number, keepdim = false): Tensor {
  normalizeDim('pNorm', dim, tensorArg('pNorm', x).ndim);
  checkFlag('pNorm', 'keepdim', keepdim);
  if (!(p > 0)) throw new RangeError(`pNorm: p must be > 0, got ${p}`);
  return norm(x, p, dim, keepdim);
}

/** x / ‖x‖₂ over `dim`, with ‖x‖² clamped below by `minSquare` (as TensorFlow's tf.math.l2_normalize, 1e-12; Keras 3's own cosine loss differs: see losses.keras.cosineSimilarity). */
export function l2Normalize(x: Tensor, dim: number, minSquare = 1e-12): Tensor {
  normalizeDim('l2Normalize', dim, tensorArg('l2Normalize', x).ndim);
  return x.div(x.square().sum(dim, true).clamp(minSquare).sqrt());
}
