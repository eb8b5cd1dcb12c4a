import { makeView } from '../tensor/view.js';
import type { OpDef } from './types.js';

/** Elements start..end−1 along dim, as a view; d = the gradient padded back with zeros. */
export const slice: OpDef<{ dim: number; start: number; end: number }> = {
  rule: 'slice: g padded back with zeros',
  dtype: 'promote',
  forward: ([x], { dim, start, end }) => {
    const shape = x.shape.slice();
    shape[dim] = end - start;
    return makeView(x.data, shape, x.stride.slice(), x.offset + start * x.stride[dim]);
  },
  vjp: (g, { inputs: [x], params: { dim, start, end } }) => [g.pad(dim, start, x.shape[dim] - end)],
};
