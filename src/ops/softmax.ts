import { allocate } from '../tensor/dtype.js';
import { kernel } from '../tensor/kernels/index.js';
import { fromRows, rowsOver } from '../tensor/rows.js';
import type { OpDef } from './types.js';

/**
 * softmax(x)ᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m) along dim (m the detached row max): two passes, one
 * exp per element. d softmax = y ⊙ (dy − Σ(dy ⊙ y)) along dim.
 */
export const softmax: OpDef<{ dim: number }> = {
  rule: 'softmax: y·(g − Σ(g·y))  (along dim)',
  dtype: 'float',
  forward: ([x], { dim }, dtype) => {
    const r = rowsOver(x, [dim]);
    const out = allocate(dtype, r.rows * r.cols);
    kernel.softmaxRows(r.data, r.offset, r.rows, r.cols, out);
    return fromRows(out, r);
  },
  vjp: (g, { out, params: { dim } }) => [out.mul(g.sub(g.mul(out).sum(dim, true)))],
};
