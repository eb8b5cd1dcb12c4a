import { allocate } from '../tensor/dtype.js';
import { kernel } from '../tensor/kernels/index.js';
import { fromRows, rowsOver } from '../tensor/rows.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

/**
 * logSoftmax's VJP fused into one pass per row: z = g − p·Σg along dim (p = softmax(x)).
 * As a primitive of its own it is differentiable too: for an upstream h,
 * dz/dg gives h − Σ(h·p) and dz/dp gives −h·Σg (both along dim).
 */
export const logSoftmaxBackward = defineOp('logSoftmaxBackward', {
  rule: 'logSoftmaxBackward(g, p): gg = h − Σ(h·p), gp = −h·Σ g  (along dim)',
  dtype: 'float',
  forward: ([g, p], { dim }: { dim: number }, dtype) => {
    const rg = rowsOver(g, [dim]), rp = rowsOver(p, [dim]);
    const out = allocate(dtype, rg.rows * rg.cols);
    kernel.logSoftmaxGradRows(rg.data, rg.offset, rp.data, rp.offset, rg.rows, rg.cols, out);
    return fromRows(out, rg);
  },
  vjp: (h, { inputs: [g, p], needs, params: { dim } }): Grads => [
    needs[0] ? h.sub(h.mul(p).sum(dim, true)) : null,
    needs[1] ? h.mul(g.sum(dim, true)).neg() : null,
  ],
  // g − p·Σg along dim
  onnx: (c) => {
    const d = c.outDtype, g = c.input(0, d), p = c.input(1, d);
    const total = c.node('ReduceSum', [g, c.ints([c.params.dim])], { keepdims: { i: 1 } });
    c.node('Sub', [g, c.node('Mul', [p, total])], {}, c.out);
  },
});
