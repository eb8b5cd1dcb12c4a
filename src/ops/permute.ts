import type { OpDef } from './types.js';

/** A view with the dims reordered: out dim i is x dim dims[i]. d = the inverse permutation. */
export const permute: OpDef<{ dims: number[] }> = {
  rule: 'permute: g permuted back (inverse permutation)',
  dtype: 'promote',
  forward: ([x], { dims }) => x.transpose(...dims),
  vjp: (g, { params: { dims } }) => {
    const inverse = new Array<number>(dims.length);
    dims.forEach((d, i) => (inverse[d] = i));
    return [g.permute(inverse)];
  },
};
