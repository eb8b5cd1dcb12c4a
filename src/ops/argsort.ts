import { makeView } from '../tensor/view.js';
import { rowMajorStrides } from '../tensor/shape.js';
import { along, rowMajor64 } from './along.js';
import type { OpDef } from './types.js';

/**
 * The int32 indices that sort x along dim (ascending, or descending). The sort is stable: equal
 * elements keep their order, in both directions. NaN sorts above +Infinity (last ascending,
 * first descending), as in PyTorch. Not differentiable: sort and topk gather the values with
 * these indices, and the gradient flows through the gather.
 */
export const argsort: OpDef<{ dim: number; descending: boolean }> = {
  dtype: 'int32',
  forward: ([x], { dim, descending }) => {
    const flat = rowMajor64(x);
    const { outer, n, inner } = along(x.shape, dim);
    const out = new Int32Array(x.size);
    const keys = new Float64Array(n), order = Array.from({ length: n }, (_, k) => k);
    const sign = descending ? -1 : 1;
    // NaN compares as the largest value; the tie-break on the index keeps the sort stable.
    const cmp = (a: number, b: number) => {
      const p = keys[a], q = keys[b];
      const c = p !== p ? (q !== q ? 0 : 1) : q !== q ? -1 : p < q ? -1 : p > q ? 1 : 0;
      return c * sign || a - b;
    };
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * n * inner + i;
        for (let k = 0; k < n; k++) {
          keys[k] = flat[base + k * inner];
          order[k] = k;
        }
        order.sort(cmp);
        for (let k = 0; k < n; k++) out[base + k * inner] = order[k];
      }
    }
    return makeView(out, x.shape.slice(), rowMajorStrides(x.shape), 0);
  },
};
