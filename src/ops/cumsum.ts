import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import { rowMajorStrides } from '../tensor/shape.js';
import { along, rowMajor64 } from './along.js';
import type { OpDef } from './types.js';

/**
 * Running sums along dim (from the end when `reverse`), accumulated in float64 as PyTorch does on
 * the CPU. cumsum is linear: d = the running sums of the gradient taken in the other direction.
 */
export const cumsum: OpDef<{ dim: number; reverse: boolean }> = {
  dtype: 'promote',
  forward: ([x], { dim, reverse }, dtype) => {
    const acc = rowMajor64(x);
    const { outer, n, inner } = along(x.shape, dim);
    for (let o = 0; o < outer; o++) {
      const base = o * n * inner;
      for (let k = 1; k < n; k++) {
        const to = base + (reverse ? n - 1 - k : k) * inner, from = to + (reverse ? inner : -inner);
        for (let i = 0; i < inner; i++) acc[to + i] += acc[from + i];
      }
    }
    const out = allocate(dtype, acc.length);
    out.set(acc);
    return makeView(out, x.shape.slice(), rowMajorStrides(x.shape), 0);
  },
  vjp: (g, { params: { dim, reverse } }) => [g.cumsum(dim, { reverse: !reverse })],
};
