import { makeView } from '../tensor/view.js';
import { allocate, type TypedArray } from '../tensor/dtype.js';
import { copyInto, type Arr } from '../tensor/kernels.js';
import { matmulPacked, packPanels } from '../tensor/matmul-kernel.js';
import { rowMajorStrides, shapeStr } from '../tensor/shape.js';
import type { OpDef } from './types.js';

/**
 * C = A·B over the last two dims, batch dims equal (the public matmul broadcasts them first).
 * d(A·B) = dC·Bᵀ into A and Aᵀ·dC into B: two matmuls, never a broadcast multiply-then-sum.
 */
export const matmul: OpDef = {
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
    const aRows = contiguousRows(a);
    const panels = panelScratch(dtype === 'float64' ? 'float64' : 'float32', Math.ceil(N / 4) * 4 * K);
    const bBatch = b.stride.slice(0, -2);
    for (let t = 0; t < count; t++) {
      packPanels(b.data, b.offset + batchOffset(t, batch, bBatch), b.stride[rank - 2], b.stride[rank - 1], K, N, panels);
      matmulPacked(M, N, K, aRows.data, aRows.offsetOf(t), aRows.row, panels, out, t * M * N);
    }
    return makeView(out, shape, rowMajorStrides(shape), 0);
  },
  vjp: (g, { inputs: [a, b], needs }) => [
    needs[0] ? g.matmul(b.transpose(-2, -1)) : null,
    needs[1] ? a.transpose(-2, -1).matmul(g) : null,
  ],
};

/**
 * The matrices of A as rows of contiguous elements: used in place when A's last dim is contiguous
 * (batch dims may have any strides: stride 0 for a broadcast operand is not copied), else copied once.
 */
function contiguousRows(x: Arr) {
  const rank = x.shape.length;
  const batchShape = x.shape.slice(0, -2);
  if (x.stride[rank - 1] === 1 || x.shape[rank - 1] === 1) {
    const batchStride = x.stride.slice(0, -2);
    return { data: x.data as TypedArray, row: x.stride[rank - 2], offsetOf: (t: number) => x.offset + batchOffset(t, batchShape, batchStride) };
  }
  // A transposed operand (the Aᵀ·dC of a VJP) is laid out row by row once, into a scratch buffer
  // reused across calls like the B panels: it never leaves the op.
  const data = rowsScratch(x.dtype === 'float64' ? 'float64' : 'float32', x.size);
  copyInto(data, x);
  const inner = x.shape[rank - 2] * x.shape[rank - 1];
  return { data, row: x.shape[rank - 1], offsetOf: (t: number) => t * inner };
}

/**
 * The buffer B is packed into: reused across calls (it never leaves the op, and JS runs one op at
 * a time), so a matmul allocates only its output.
 */
type Scratch = { float32: Float32Array; float64: Float64Array };
const panels: Scratch = { float32: new Float32Array(0), float64: new Float64Array(0) };
const rows: Scratch = { float32: new Float32Array(0), float64: new Float64Array(0) };
function grow(scratch: Scratch, dtype: 'float32' | 'float64', size: number): TypedArray {
  if (dtype === 'float32') {
    if (scratch.float32.length < size) scratch.float32 = new Float32Array(size);
    return scratch.float32;
  }
  if (scratch.float64.length < size) scratch.float64 = new Float64Array(size);
  return scratch.float64;
}
const panelScratch = (dtype: 'float32' | 'float64', size: number): TypedArray => grow(panels, dtype, size);
const rowsScratch = (dtype: 'float32' | 'float64', size: number): TypedArray => grow(rows, dtype, size);

function batchOffset(t: number, shape: number[], stride: number[]): number {
  let off = 0;
  for (let d = shape.length - 1; d >= 0; d--) {
    off += (t % shape[d]) * stride[d];
    t = Math.floor(t / shape[d]);
  }
  return off;
}
