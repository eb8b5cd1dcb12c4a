/**
 * The everyday ops a PyTorch user reaches for: trigonometry, rounding, arg-extremes, cumulative
 * sums, norms, variance, sorting, splitting and tiling. Primitives go through apply(); the rest are
 * compositions of primitives (so they need no VJP of their own and are differentiable where the
 * math is).
 */
import { apply } from '../autograd/apply.js';
import { noGrad } from '../autograd/state.js';
import { broadcastShapes, normalizeDim, normalizeDims, shapeStr } from '../tensor/shape.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import { flag, scalarLike, where } from './api.js';
import { checkFlag, checkOptions } from '../tensor/options.js';
import { tensorArg } from '../tensor/create.js';

type Dims = number | readonly number[];

/** A dim of x; a 0-d tensor accepts 0 and −1 (PyTorch wraps dims of a scalar as if it had one). */
const dimOf = (op: string, dim: number, x: Tensor) => normalizeDim(op, dim, Math.max(x.ndim, 1));

const asTensor = (op: string, v: TensorLike): Tensor => {
  if (v instanceof Tensor) return v;
  if (typeof v !== 'number') throw new TypeError(`${op}: expected a Tensor or a number, got ${typeof v}`);
  return scalarLike(v, 'float32');
};
const unary = <K extends 'sin' | 'cos' | 'tan' | 'atan' | 'floor' | 'ceil' | 'round'>(name: K) =>
  (x: TensorLike): Tensor => apply(name, [asTensor(name, x)], undefined as never);

/** sin(x); d = cos(x). */
export const sin = unary('sin');
/** cos(x); d = −sin(x). */
export const cos = unary('cos');
/** tan(x); d = 1 + tan²(x). */
export const tan = unary('tan');
/** atan(x) in (−π/2, π/2); d = 1/(1 + x²). */
export const atan = unary('atan');
/** The largest integer ≤ x. Derivative 0 (also at the integers, where it jumps). */
export const floor = unary('floor');
/** The smallest integer ≥ x. Derivative 0. */
export const ceil = unary('ceil');
/** The nearest integer, halves to even as in PyTorch and NumPy (0.5 → 0, 1.5 → 2, −0.5 → −0). Derivative 0. */
export const round = unary('round');

/** The angle of the point (x, y), in (−π, π], elementwise with broadcasting. The gradient at the origin is NaN, as in PyTorch. */
export function atan2(y: TensorLike, x: TensorLike): Tensor {
  // A number takes the dtype of the tensor beside it, as in add/mul.
  const dtype = y instanceof Tensor ? y.dtype : x instanceof Tensor ? x.dtype : 'float32';
  const lift = (v: TensorLike) => (v instanceof Tensor ? v : scalarLike(asTensor('atan2', v).item(), dtype));
  return apply('atan2', [lift(y), lift(x)], undefined);
}

/** The int32 index of the largest element along dim (of the flattened tensor when dim is omitted); ties: the first; NaN counts as largest. */
export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  return apply('argmax', [tensorArg('argmax', x)], { dim: dim === undefined ? null : dimOf('argmax', dim, x), keepdim: flag('argmax', 'keepdim', keepdim) });
}
/** The int32 index of the smallest element along dim (of the flattened tensor when dim is omitted); ties: the first; NaN counts as smallest. */
export function argmin(x: Tensor, dim?: number, keepdim = false): Tensor {
  return apply('argmin', [tensorArg('argmin', x)], { dim: dim === undefined ? null : dimOf('argmin', dim, x), keepdim: flag('argmin', 'keepdim', keepdim) });
}

/** Running sums along dim: out[k] = x[0] + ... + x[k] (with `reverse`, x[k] + ... + x[n−1]). Accumulated in float64. */
export function cumsum(x: Tensor, dim: number, opts: { reverse?: boolean } = {}): Tensor {
  checkOptions('cumsum', opts, { reverse: 'bool' });
  return apply('cumsum', [tensorArg('cumsum', x)], { dim: dimOf('cumsum', dim, x), reverse: opts.reverse ?? false });
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
  if (q === 0) return x.eq(0).neg().add(1).sum(dims, keepdim);
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

/** The int32 indices that sort x along dim; stable (equal values keep their order), NaN sorts as the largest. */
export function argsort(x: Tensor, dim = -1, descending = false): Tensor {
  return apply('argsort', [tensorArg('argsort', x)], { dim: dimOf('argsort', dim, x), descending: flag('argsort', 'descending', descending) });
}

/**
 * x sorted along dim and the int32 indices it came from (values = x.gather(dim, indices)). Stable:
 * ties keep their original order. The gradient of `values` flows back to the original positions.
 */
export function sort(x: Tensor, dim = -1, descending = false): { values: Tensor; indices: Tensor } {
  dimOf('sort', dim, tensorArg('sort', x));
  checkFlag('sort', 'descending', descending);
  const indices = argsort(x, dim, descending);
  return { values: x.gather(dimOf('sort', dim, x), indices), indices };
}

/**
 * The k largest (smallest, `largest: false`) elements along dim, sorted, and their int32 indices.
 * Among equal values the one at the lower index comes first.
 */
export function topk(x: Tensor, k: number, dim = -1, largest = true): { values: Tensor; indices: Tensor } {
  const d = dimOf('topk', dim, tensorArg('topk', x));
  const n = x.ndim === 0 ? 1 : x.shape[d];
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`topk: k = ${k} is out of range for dim ${dim} of size ${n} (shape ${shapeStr(x.shape)})`);
  const indices = argsort(x, d, flag('topk', 'largest', largest)).slice(d, 0, k);
  return { values: x.gather(d, indices), indices };
}

/**
 * Views of consecutive pieces of x along dim: of `size` elements each (the last may be smaller),
 * or of the given sizes, which must add up to the dim's length.
 */
export function split(x: Tensor, sizes: number | readonly number[], dim = 0): Tensor[] {
  const d = normalizeDim('split', dim, tensorArg('split', x).ndim);
  const n = x.shape[d];
  let list: number[];
  if (typeof sizes === 'number') {
    if (!Number.isInteger(sizes) || sizes <= 0) throw new RangeError(`split: size must be a positive integer, got ${sizes}`);
    list = Array.from({ length: Math.max(Math.ceil(n / sizes), 1) }, (_, i) => Math.min(sizes, n - i * sizes));
  } else {
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || sizes.reduce((a, b) => a + b, 0) !== n) {
      throw new RangeError(`split: sizes [${sizes.join(',')}] do not add up to ${n}, the size of dim ${dim} of ${shapeStr(x.shape)}`);
    }
    list = [...sizes];
  }
  let start = 0;
  return list.map((s) => x.slice(d, start, (start += s)));
}

/** x split into `chunks` pieces of ⌈n/chunks⌉ along dim, as PyTorch's chunk (which may give fewer pieces; an empty dim gives `chunks` empty ones). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  tensorArg('chunk', x);
  if (!Number.isInteger(chunks) || chunks <= 0) throw new RangeError(`chunk: chunks must be a positive integer, got ${chunks}`);
  const d = normalizeDim('chunk', dim, x.ndim), n = x.shape[d];
  if (n === 0) return Array.from({ length: chunks }, () => x.slice(d, 0, 0));
  return split(x, Math.ceil(n / chunks), d);
}

function tiled(op: string, x: Tensor, reps: readonly number[]): Tensor {
  if (!Array.isArray(reps)) throw new TypeError(`${op}: repetitions must be an array of integers, got ${typeof reps}`);
  if (reps.some((r) => !Number.isInteger(r) || r < 0)) throw new RangeError(`${op}: repetitions must be integers ≥ 0, got [${reps.join(',')}]`);
  const shape = [...Array(reps.length - x.ndim).fill(1), ...x.shape];
  // Each dim s becomes [r, s]: a broadcast (whose VJP sums the copies), then merged.
  const spaced = x.reshape(shape.flatMap((s) => [1, s]));
  const copies = spaced.expand(shape.flatMap((s, i) => [reps[i], s]));
  return copies.reshape(shape.map((s, i) => s * reps[i]));
}

/** PyTorch's Tensor.repeat: x tiled reps[i] times along dim i; reps may add leading dims, but not fewer than x.ndim. */
export function repeat(x: Tensor, reps: readonly number[]): Tensor {
  tensorArg('repeat', x);
  if (!Array.isArray(reps)) throw new TypeError(`repeat: repetitions must be an array of integers, got ${typeof reps}`);
  if (reps.length < x.ndim) throw new RangeError(`repeat: ${reps.length} repetitions for a tensor of rank ${x.ndim} (shape ${shapeStr(x.shape)}); give at least one per dim`);
  return tiled('repeat', x, reps);
}
/** NumPy's and PyTorch's tile: repeat, with missing leading repetitions taken as 1. */
export function tile(x: Tensor, reps: readonly number[]): Tensor {
  tensorArg('tile', x);
  if (!Array.isArray(reps)) throw new TypeError(`tile: repetitions must be an array of integers, got ${typeof reps}`);
  return tiled('tile', x, [...Array(Math.max(x.ndim - reps.length, 0)).fill(1), ...reps]);
}

export interface CloseOptions {
  rtol?: number;
  atol?: number;
  /** NaN against NaN counts as close (default false). */
  equalNan?: boolean;
}
/**
 * A 0/1 mask (broadcast shape) of |a − b| ≤ atol + rtol·|b| (not symmetric, as in PyTorch and
 * NumPy). Infinities are close only to themselves; NaN to nothing unless `equalNan`.
 */
export function isclose(a: TensorLike, b: TensorLike, opts: CloseOptions = {}): Tensor {
  checkOptions('isclose', opts, { rtol: 'any', atol: 'any', equalNan: 'bool' });
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = opts;
  if (!(rtol >= 0) || !(atol >= 0)) throw new RangeError(`isclose: rtol and atol must be ≥ 0, got ${rtol} and ${atol}`);
  return noGrad(() => {
    const x = asTensor('isclose', a), y = asTensor('isclose', b);
    broadcastShapes('isclose', x.shape, y.shape);
    const finite = (t: Tensor) => t.sub(t).eq(0);
    const near = x.sub(y).abs().le(y.abs().mul(rtol).add(atol)).mul(finite(x)).mul(finite(y));
    const same = near.maximum(x.eq(y));
    return equalNan ? same.maximum(x.eq(x).add(y.eq(y)).eq(0)) : same;
  });
}
/** True when every element of a is close to b (isclose's rule and options). */
export function allclose(a: TensorLike, b: TensorLike, opts: CloseOptions = {}): boolean {
  checkOptions('allclose', opts, { rtol: 'any', atol: 'any', equalNan: 'bool' });
  broadcastShapes('allclose', asTensor('allclose', a).shape, asTensor('allclose', b).shape);
  const m = isclose(a, b, opts);
  return m.size === 0 || noGrad(() => m.min()).item() === 1;
}
