import { makeView } from '../tensor/view.js';
import ops from 'ndarray-ops';
import { allocate } from '../tensor/dtype.js';
import { rowMajorStrides } from '../tensor/shape.js';
import type { OpDef } from './types.js';

/** x with `before` zeros ahead of it and `after` behind it along dim; d = the middle slice. */
export const pad: OpDef<{ dim: number; before: number; after: number }> = {
  rule: 'pad: the middle slice of g',
  dtype: 'promote',
  check: (_, { before, after }) => {
    if (!(Number.isInteger(before) && Number.isInteger(after) && before >= 0 && after >= 0)) {
      throw new RangeError(`pad: before (${before}) and after (${after}) must be integers ≥ 0`);
    }
  },
  forward: ([x], { dim, before, after }, dtype) => {
    const shape = x.shape.slice();
    shape[dim] += before + after;
    const stride = rowMajorStrides(shape);
    const out = allocate(dtype, shape.reduce((a, b) => a * b, 1));
    const inner = makeView(out, x.shape.slice(), stride, before * stride[dim]);
    ops.assign(inner, x);
    return makeView(out, shape, stride, 0);
  },
  vjp: (g, { inputs: [x], params: { dim, before } }) => [g.slice(dim, before, before + x.shape[dim])],
};
