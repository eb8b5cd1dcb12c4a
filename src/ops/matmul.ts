import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import type { Arr } from '../tensor/elementwise.js';
import { kernel, type MatrixView } from '../tensor/kernels/index.js';
import { rowMajorStrides, shapeStr } from '../tensor/shape.js';
import type { OpDef } from './types.js';

/**
 * C = A·B over the last two dims, batch dims equal (the public matmul broadcasts them first).
 * d(A·B) = dC·Bᵀ into A and Aᵀ·dC into B: two matmuls, never a broadcast multiply-then-sum.
 */
export const matmul: OpDef = {
  rule: 'matmul: gA = g·Bᵀ, gB = Aᵀ·g',
  dtype: 'float',
  check: ([a, b]) => {
    const ok = a.ndim >= 2 && a.ndim === b.ndim && a.shape[a.ndim - 1] === b.shape[b.ndim - 2] &&
      a.shape.slice(0, -2).every((n, i) => n === b.shape[i]);
    if (!ok) throw new RangeError(`matmul: shapes ${shapeStr(a.shape)} and ${shapeStr(b.shape)} do not fit`);
  },
  forward: ([a, b], _, dtype) => {
    const rank = a.shape.length;
    const [M, K] = a.shape.slice(-2), N = b.shape[rank - 1];
    const batch = a.shape.slice(0, -2);
    const shape = [...batch, M, N];
    const count = batch.reduce((p, n) => p * n, 1);
    const out = allocate(dtype, count * M * N);
    const aBatch = a.stride.slice(0, -2), bBatch = b.stride.slice(0, -2);
    for (let t = 0; t < count; t++) {
      kernel.matmul(M, N, K, matrix(a, batchOffset(t, batch, aBatch)), matrix(b, batchOffset(t, batch, bBatch)), out, t * M * N);
    }
    return makeView(out, shape, rowMajorStrides(shape), 0);
  },
  vjp: (g, { inputs: [a, b], needs }) => [
    needs[0] ? g.matmul(b.transpose(-2, -1)) : null,
    needs[1] ? a.transpose(-2, -1).matmul(g) : null,
  ],
};

/** Matrix t of a batched view (batch dims may have any strides, stride 0 for a broadcast operand). */
function matrix(x: Arr, batchOffset: number): MatrixView {
  const rank = x.shape.length;
  return { data: x.data, offset: x.offset + batchOffset, rowStride: x.stride[rank - 2], colStride: x.stride[rank - 1] };
}

function batchOffset(t: number, shape: number[], stride: number[]): number {
  let off = 0;
  for (let d = shape.length - 1; d >= 0; d--) {
    off += (t % shape[d]) * stride[d];
    t = Math.floor(t / shape[d]);
  }
  return off;
}
