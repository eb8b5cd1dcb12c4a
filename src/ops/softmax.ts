import { allocate } from '../tensor/dtype.js';
import { kernel } from '../tensor/kernels/index.js';
import { fromRows, rowsOver } from '../tensor/rows.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { dimApi } from './operands.js';

/** exp(x − max) / Σ exp(x − max) along dim (default last). d = y ⊙ (dy − Σ dy ⊙ y). */
export const softmax = defineOp('softmax', {
  // softmax(x)ᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m) along dim (m the detached row max): two passes, one
  // exp per element. d softmax = y ⊙ (dy − Σ(dy ⊙ y)) along dim.
  rule: 'softmax: y·(g − Σ(g·y))  (along dim)',
  dtype: 'float',
  forward: ([x], { dim }: { dim: number }, dtype) => {
    const r = rowsOver(x, [dim]);
    const out = allocate(dtype, r.rows * r.cols);
    kernel.softmaxRows(r.data, r.offset, r.rows, r.cols, out);
    return fromRows(out, r);
  },
  vjp: (g, { out, params: { dim } }): Grads => [out.mul(g.sub(g.mul(out).sum(dim, true)))],
  onnx: (c) => void c.node('Softmax', [c.input(0, c.outDtype)], { axis: { i: c.params.dim } }, c.out),
  api: dimApi,
});
