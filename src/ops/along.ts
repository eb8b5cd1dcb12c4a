import { copyInto, type Arr } from '../tensor/elementwise.js';
import { sizeOf } from '../tensor/shape.js';

/**
 * The layout of a row-major array seen along one dim: `outer` blocks of `n` steps of `inner`
 * contiguous elements; element (o, k, i) is at (o·n + k)·inner + i.
 */
export function along(shape: readonly number[], dim: number): { outer: number; n: number; inner: number } {
  if (shape.length === 0) return { outer: 1, n: 1, inner: 1 };
  return { outer: sizeOf(shape.slice(0, dim)), n: shape[dim], inner: sizeOf(shape.slice(dim + 1)) };
}

/** The elements of x in row-major order as float64 (a fresh array: callers may write to it). */
export function rowMajor64(x: Arr): Float64Array {
  const out = new Float64Array(x.size);
  copyInto(out, x);
  return out;
}
