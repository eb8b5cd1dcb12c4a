import { elementwise } from '../tensor/kernels.js';
import type { DType } from '../tensor/dtype.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(1, 'a');

/** A copy converted to another dtype (float → int32 truncates toward zero); the gradient is cast back. */
export const cast: OpDef<{ dtype: DType }> = {
  dtype: (_, { dtype }) => dtype,
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }) => [g.to(x.dtype)],
};
