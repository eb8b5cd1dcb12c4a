import { isRowMajor, shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Arr } from '../tensor/elementwise.js';

/**
 * Index arrays made by tapegrad's own kernels (maxPoolIndices), with a bound all their values are
 * known to stay below: checkIndex skips the scan of any view of them into a dim at least that
 * long (two scans of 55k indices per max-pool step otherwise). Arrays a user passes are never here.
 */
const trusted = new WeakMap<object, number>();
export function trustIndices(data: Int32Array, bound: number): void {
  trusted.set(data, bound);
}

/** Shared checks of gather and scatterAdd: int32 index of the same rank, in range along dim. */
export function checkIndex(op: string, index: Tensor, dim: number, target: readonly number[], other: readonly number[]): void {
  if (index.dtype !== 'int32') throw new TypeError(`${op}: index must be an int32 tensor, got ${index.dtype}`);
  if (index.ndim !== target.length || index.shape.some((n, i) => i !== dim && n > other[i])) {
    throw new RangeError(`${op}: index shape ${shapeStr(index.shape)} does not fit ${shapeStr(target)} along dim ${dim}`);
  }
  const size = target[dim], bound = trusted.get(index.data.data);
  if (bound !== undefined && bound <= size) return; // every value of the array is below bound
  const d = index.contiguousData();
  // one unsigned comparison per index: a negative index is ≥ 2³¹ as uint32
  let bad = -1;
  for (let i = 0; i < d.length; i++) if (d[i] >>> 0 >= size) { bad = i; break; }
  if (bad >= 0) throw new RangeError(`${op}: index ${d[bad]} is out of range for dim ${dim} of size ${size} (shape ${shapeStr(target)})`);
}

/**
 * For every position of `index` in row-major order, the flat offset in `x` of that position with
 * dim replaced by the index value: the addressing shared by gather and scatterAdd.
 */
export function indexedOffsets(index: Arr, dim: number, x: { shape: number[]; stride: number[]; offset: number }): Int32Array {
  const nd = index.shape.length, shape = index.shape, idx = new Int32Array(nd);
  const offsets = new Int32Array(index.size);
  for (let i = 0; i < offsets.length; i++) {
    let io = index.offset, xo = x.offset;
    for (let d = 0; d < nd; d++) {
      io += idx[d] * index.stride[d];
      if (d !== dim) xo += idx[d] * x.stride[d];
    }
    offsets[i] = xo + index.data[io] * x.stride[dim];
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return offsets;
}

/**
 * The flat offset in `x` of the start of each row of a row-major `index` (every dim but the last),
 * when dim is the last dim: gather and scatterAdd then walk each row with one stride, no per-element
 * index arithmetic (maxPool2d's gather of window maxima, a label gather). Null for any other case.
 */
export function lastDimRows(index: Arr, dim: number, x: { shape: number[]; stride: number[]; offset: number }): Int32Array | null {
  const nd = index.shape.length;
  if (nd === 0 || dim !== nd - 1 || !isRowMajor(index.shape, index.stride)) return null;
  const rows = new Int32Array(index.size / Math.max(1, index.shape[nd - 1])), idx = new Int32Array(nd);
  let at = x.offset;
  for (let r = 0; r < rows.length; r++) {
    rows[r] = at;
    for (let d = nd - 2; d >= 0; d--) {
      at += x.stride[d];
      if (++idx[d] < index.shape[d]) break;
      at -= x.stride[d] * index.shape[d];
      idx[d] = 0;
    }
  }
  return rows;
}

/**
 * Whether index (row-major) picks along the last dim of a row-major x with the same leading dims:
 * row r of index then reads row r of x, rows x.shape[last] apart (KernelSet.gatherRows).
 */
export function sameRows(index: Arr, dim: number, x: { shape: number[]; stride: number[] }): boolean {
  const nd = index.shape.length;
  return nd > 0 && dim === nd - 1 && index.size > 0 && isRowMajor(index.shape, index.stride) && isRowMajor(x.shape, x.stride) &&
    index.shape.every((n, d) => d === nd - 1 || n === x.shape[d]);
}
