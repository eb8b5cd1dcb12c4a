import { makeView } from '../tensor/view.js';
import { castInto } from '../tensor/elementwise.js';
import { allocate, type DType } from '../tensor/dtype.js';
import { rowMajorStrides } from '../tensor/shape.js';
import type { OpDef } from './types.js';

/**
 * A copy converted to another dtype; the gradient is cast back. float → int32 truncates toward
 * zero, and NaN, ±Infinity or a value beyond the int32 range is an error (never a wrapped number).
 * A cast to int32 is a constant for autograd (apply records no int32 result).
 */
export const cast: OpDef<{ dtype: DType }> = {
  rule: 'cast: g cast back to the input dtype',
  dtype: (_, { dtype }) => dtype,
  forward: ([x], _, dtype) => {
    const shape = x.shape.slice();
    const out = allocate(dtype, x.size);
    castInto('to', out, x);
    return makeView(out, shape, rowMajorStrides(shape), 0);
  },
  vjp: (g, { inputs: [x] }) => [g.to(x.dtype)],
};
