import { allocate } from '../tensor/dtype.js';
import { fromRows, rowShift, rowsOver } from '../tensor/rows.js';
import type { OpDef } from './types.js';

/**
 * softmax(x)ᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m) along dim (m the detached row max): two passes, one
 * exp per element. d softmax = y ⊙ (dy − Σ(dy ⊙ y)) along dim.
 */
export const softmax: OpDef<{ dim: number }> = {
  dtype: 'float',
  forward: ([x], { dim }, dtype) => {
    const r = rowsOver(x, [dim]);
    const out = allocate(dtype, r.rows * r.cols);
    const d = r.data;
    for (let row = 0; row < r.rows; row++) {
      const base = r.offset + row * r.cols, o = row * r.cols;
      const shift = rowShift(d, base, r.cols);
      let s = 0;
      for (let i = 0; i < r.cols; i++) s += out[o + i] = Math.exp(d[base + i] - shift);
      const inv = 1 / s;
      for (let i = 0; i < r.cols; i++) out[o + i] *= inv;
    }
    return fromRows(out, r);
  },
  vjp: (g, { out, params: { dim } }) => [out.mul(g.sub(g.mul(out).sum(dim, true)))],
};
