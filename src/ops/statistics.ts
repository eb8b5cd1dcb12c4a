/**
 * Statistics over dims: mean, variance, standard deviation and the p-norm, compositions of
 * primitives (differentiable where the math is, with the conventions at 0 written below).
 */
import { tensorArg } from '../tensor/create.js';
import { normalizeDims } from '../tensor/shape.js';
import { checkFlag, checkOptions } from '../tensor/options.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { sub } from './sub.js';
import { sum } from './sum.js';
import { where } from './where.js';

type Dims = number | readonly number[];

/** Σx / count over dims: NaN over an empty dim (0/0), as in PyTorch. An int32 x gives float32 (summed in float64). */
export function mean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const dims = normalizeDims('mean', dim, tensorArg('mean', x).ndim);
  checkFlag('mean', 'keepdim', keepdim);
  const count = dims.reduce((n, d) => n * x.shape[d], 1);
  if (x.dtype === 'int32') return sum(cast(x, 'float64'), dims, keepdim).mul(1 / count).to('float32');
  return sum(x, dims, keepdim).mul(1 / count);
}

/**
 * The p-norm over dims (all by default): (Σ|x|ᵖ)^(1/p); p = 'fro' is 2, p = ±Infinity the
 * max/min of |x|, p = 0 the count of non-zeros. At a zero vector the value is 0 and the gradient 0
 * (a subgradient, as PyTorch gives), not 0/0. NaN anywhere in a reduced slice gives NaN (p = 0
 * counts it as a non-zero, as PyTorch).
 */
export function norm(x: Tensor, p: number | 'fro' = 2, dim?: Dims, keepdim = false): Tensor {
  tensorArg('norm', x);
  checkFlag('norm', 'keepdim', keepdim);
  const q = p === 'fro' ? 2 : p;
  if (typeof q !== 'number' || !(q >= 0 || q === -Infinity)) {
    throw new RangeError(`norm: p must be a number ≥ 0, ±Infinity or 'fro', got ${String(p)}`);
  }
  const dims = normalizeDims('norm', dim, x.ndim);
  if (q === Infinity) return x.abs().max(dims, keepdim);
  if (q === -Infinity) return x.abs().min(dims, keepdim);
  if (q === 0) return sub(1, x.eq(0)).sum(dims, keepdim);
  if (q === 1) return x.abs().sum(dims, keepdim);
  const s = (q === 2 ? x.square() : x.abs().pow(q)).sum(dims, keepdim);
  // mask the zeros, not "keep s > 0": NaN > 0 is false, and a NaN must stay NaN (PyTorch)
  const zero = s.eq(0);
  const safe = where(zero, 1, s);
  return where(zero, 0, q === 2 ? safe.sqrt() : safe.pow(1 / q));
}

export interface VarOptions {
  /** Subtracted from the count in the divisor: Σ(x − x̄)² / (N − correction). Default 1 (Bessel). */
  correction?: number;
  /** PyTorch's older flag: true is correction 1, false correction 0. */
  unbiased?: boolean;
  keepdim?: boolean;
}
function correctionOf(op: string, opts: VarOptions): number {
  checkOptions(op, opts, { correction: 'any', unbiased: 'bool', keepdim: 'bool' });
  const { correction, unbiased } = opts;
  if (correction !== undefined && unbiased !== undefined && correction !== (unbiased ? 1 : 0)) {
    throw new RangeError(`${op}: correction ${correction} contradicts unbiased: ${unbiased}; pass one of them`);
  }
  const c = correction ?? (unbiased === false ? 0 : 1);
  if (!Number.isFinite(c) || c < 0) throw new RangeError(`${op}: correction must be a finite number ≥ 0, got ${c}`);
  return c;
}

/**
 * The variance over dims (all by default): Σ(x − mean)² / max(N − correction, 0), PyTorch's
 * semantics (correction 1 by default; N ≤ correction gives Infinity or NaN, as in PyTorch).
 */
export function variance(x: Tensor, dim?: Dims, opts: VarOptions = {}): Tensor {
  tensorArg('var', x);
  const c = correctionOf('var', opts);
  const dims = normalizeDims('var', dim, x.ndim);
  const n = dims.reduce((p, d) => p * x.shape[d], 1);
  const centered = x.sub(x.mean(dims, true));
  return centered.square().sum(dims, opts.keepdim ?? false).div(Math.max(n - c, 0));
}

/**
 * The standard deviation: √var with var's options. Where the variance is 0 (all values equal)
 * the gradient is 0, not PyTorch's NaN (√ has an infinite slope at 0; 0 is a subgradient).
 */
export function std(x: Tensor, dim?: Dims, opts: VarOptions = {}): Tensor {
  correctionOf('std', opts);
  normalizeDims('std', dim, tensorArg('std', x).ndim);
  const v = variance(x, dim, opts);
  const pos = v.gt(0);
  return where(pos, where(pos, v, 1).sqrt(), v);
}
