import { makeView } from '../tensor/view.js';
import ops from 'ndarray-ops';
import { allocate } from '../tensor/dtype.js';
import { rowMajorStrides, shapeStr } from '../tensor/shape.js';
import type { OpDef } from './types.js';

/** The inputs joined along dim; d = the matching slices of the gradient. */
export const concat: OpDef<{ dim: number }> = {
  rule: 'concat: each input gets its slice of g',
  dtype: 'promote',
  check: (xs, { dim }) => {
    const ref = xs[0].shape;
    for (const t of xs) {
      if (t.ndim !== ref.length || t.shape.some((n, i) => i !== dim && n !== ref[i])) {
        throw new RangeError(`concat: shapes ${xs.map((x) => shapeStr(x.shape)).join(', ')} differ outside dim ${dim}`);
      }
    }
  },
  forward: (xs, { dim }, dtype) => {
    const shape = xs[0].shape.slice();
    shape[dim] = xs.reduce((n, x) => n + x.shape[dim], 0);
    const stride = rowMajorStrides(shape);
    const out = allocate(dtype, shape.reduce((a, b) => a * b, 1));
    let at = 0;
    for (const x of xs) {
      ops.assign(makeView(out, x.shape.slice(), stride, at * stride[dim]), x);
      at += x.shape[dim];
    }
    return makeView(out, shape, stride, 0);
  },
  vjp: (g, { inputs, params: { dim } }) => {
    let at = 0;
    return inputs.map((x) => g.slice(dim, at, (at += x.shape[dim])));
  },
};
