import { makeView } from '../tensor/view.js';
import { castInto } from '../tensor/elementwise.js';
import { allocate, type DType } from '../tensor/dtype.js';
import { rowMajorStrides } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkDType } from '../tensor/validate.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

/**
 * x converted to dtype (Tensor.to); x itself when it already has that dtype, unless `copy`.
 * float → int32 truncates toward zero and throws on NaN, ±Infinity or out-of-range values; the
 * result of a cast to int32 is a constant for autograd.
 */
export const cast = defineOp('cast', {
  // A copy converted to another dtype; the gradient is cast back. float → int32 truncates toward
  // zero, and NaN, ±Infinity or a value beyond the int32 range is an error (never a wrapped number).
  // A cast to int32 is a constant for autograd (apply records no int32 result).
  rule: 'cast: g cast back to the input dtype',
  dtype: (_, { dtype }: { dtype: DType }) => dtype,
  forward: ([x], _: { dtype: DType }, dtype) => {
    const shape = x.shape.slice();
    const out = allocate(dtype, x.size);
    castInto('to', out, x);
    return makeView(out, shape, rowMajorStrides(shape), 0);
  },
  vjp: (g, { inputs: [x] }): Grads => [g.to(x.dtype)],
  onnx: (c) => void c.node('Cast', [c.input(0)], { to: { i: lower.toElem(c.outDtype) } }, c.out),
  api: (op) => (x: Tensor, dtype: DType, copy = false): Tensor => {
    checkDType('to', dtype);
    return x.dtype === dtype && !copy ? x : op([x], { dtype });
  },
});
