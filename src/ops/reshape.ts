import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import { copyInto } from '../tensor/elementwise.js';
import { isRowMajor, rowMajorStrides } from '../tensor/shape.js';
import type { OpDef } from './types.js';

/** A view with another shape and the same elements (a copy when x is not row-major); d = reshape back. */
export const reshape: OpDef<{ shape: number[] }> = {
  rule: 'reshape: g reshaped back',
  dtype: 'promote',
  forward: ([x], { shape }, dtype) => {
    if (isRowMajor(x.shape, x.stride)) return makeView(x.data, shape.slice(), rowMajorStrides(shape), x.offset);
    const out = allocate(dtype, x.size);
    copyInto(out, x);
    return makeView(out, shape.slice(), rowMajorStrides(shape), 0);
  },
  vjp: (g, { inputs: [x] }) => [g.reshape(x.shape)],
};
