import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import type { Arr } from '../tensor/elementwise.js';
import { kernel, type MatrixView } from '../tensor/kernels/index.js';
import { rowMajorStrides, shapeStr, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensorArg } from '../tensor/create.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

/** Whether a matrix's columns are farther apart than its rows (a transposed view of a row-major one). */
const columnMajor = (t: Tensor): boolean => { const s = t.data.stride, n = s.length; return s[n - 1]! > s[n - 2]!; };

/**
 * Matrix product with PyTorch's rules: 1-D operands are promoted to a row/column and the added dim
 * removed afterwards; batch dims broadcast (through expand nodes, whose VJP sums them back).
 */
export const matmul = defineOp('matmul', {
  // C = A·B over the last two dims, batch dims equal (the public matmul broadcasts them first).
  // d(A·B) = dC·Bᵀ into A and Aᵀ·dC into B: two matmuls, never a broadcast multiply-then-sum.
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
    if (count === 1) kernel.matmul(M, N, K, matrix(a, 0), matrix(b, 0), out, 0);
    else {
      const as: MatrixView[] = [], bs: MatrixView[] = [];
      for (let t = 0; t < count; t++) { as.push(matrix(a, batchOffset(t, batch, aBatch))); bs.push(matrix(b, batchOffset(t, batch, bBatch))); }
      kernel.matmulBatch(M, N, K, as, bs, out);
    }
    return makeView(out, shape, rowMajorStrides(shape), 0);
  },
  // An input that is a transposed view (a Linear's W.T) gets its gradient as the transpose of the
  // transposed product, (Bᵀ·gᵀ)ᵀ or (gᵀ·A)ᵀ: the same numbers, laid out so that the transpose's
  // own VJP hands W a row-major gradient and the optimizer reads it without a copy.
  vjp: (g, { inputs: [a, b], needs }): Grads => [
    !needs[0] ? null : columnMajor(a) ? b.matmul(g.transpose(-2, -1)).transpose(-2, -1) : g.matmul(b.transpose(-2, -1)),
    !needs[1] ? null : columnMajor(b) ? g.transpose(-2, -1).matmul(a).transpose(-2, -1) : a.transpose(-2, -1).matmul(g),
  ],
  onnx: lower.binary('MatMul'),
  api: (op, name) => function matmul(a: Tensor, b: Tensor): Tensor {
    tensorArg(name, a, 'first argument');
    tensorArg(name, b, 'second argument');
    if (a.ndim === 0 || b.ndim === 0) throw new RangeError(`${name}: both arguments need at least 1 dim, got ${shapeStr(a.shape)} and ${shapeStr(b.shape)}`);
    const a2 = a.ndim === 1 ? a.reshape([1, a.shape[0]]) : a;
    const b2 = b.ndim === 1 ? b.reshape([b.shape[0], 1]) : b;
    const [m, k] = a2.shape.slice(-2), [k2, n] = b2.shape.slice(-2);
    if (k !== k2) throw new RangeError(`${name}: inner dims differ: ${shapeStr(a.shape)} @ ${shapeStr(b.shape)}`);
    // A stack of matrices times one matrix (a Linear layer on [B, T, in]) is one matmul with the
    // batch folded into the rows: B is packed once, and its gradient is one product, not a sum.
    // (The row count is explicit: reshape's −1 is ambiguous when k = 0.)
    if (b.ndim === 2 && a.ndim > 2) return matmul(a.reshape([sizeOf(a.shape.slice(0, -1)), k]), b).reshape([...a.shape.slice(0, -1), n]);
    const batchA = a2.shape.slice(0, -2), batchB = b2.shape.slice(0, -2);
    let batch: number[];
    try {
      batch = broadcastBatch(batchA, batchB);
    } catch {
      throw new RangeError(`${name}: cannot broadcast batch dims of ${shapeStr(a.shape)} and ${shapeStr(b.shape)}`);
    }
    const ea = batchA.length === batch.length && batchA.every((x, i) => x === batch[i]) ? a2 : a2.expand([...batch, m, k]);
    const eb = batchB.length === batch.length && batchB.every((x, i) => x === batch[i]) ? b2 : b2.expand([...batch, k, n]);
    let out = op([ea, eb], undefined);
    if (a.ndim === 1) out = out.squeeze(-2);
    if (b.ndim === 1) out = out.squeeze(-1);
    return out;
  },
});

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

function broadcastBatch(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new Error();
    return Math.max(x, y);
  });
}
