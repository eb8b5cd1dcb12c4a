import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Arr } from '../tensor/elementwise.js';

/** Shared checks of gather and scatterAdd: int32 index of the same rank, in range along dim. */
export function checkIndex(op: string, index: Tensor, dim: number, target: readonly number[], other: readonly number[]): void {
  if (index.dtype !== 'int32') throw new TypeError(`${op}: index must be an int32 tensor, got ${index.dtype}`);
  if (index.ndim !== target.length || index.shape.some((n, i) => i !== dim && n > other[i])) {
    throw new RangeError(`${op}: index shape ${shapeStr(index.shape)} does not fit ${shapeStr(target)} along dim ${dim}`);
  }
  const d = index.contiguousData();
  for (let i = 0; i < d.length; i++) {
    if (d[i] < 0 || d[i] >= target[dim]) {
      throw new RangeError(`${op}: index ${d[i]} is out of range for dim ${dim} of size ${target[dim]} (shape ${shapeStr(target)})`);
    }
  }
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
