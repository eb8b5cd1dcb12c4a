import { elementwise } from '../tensor/kernels.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(1, 'Math.exp(a)');

/** d exp(x) = exp(x)·dx */
export const exp: OpDef = {
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { out }) => [g.mul(out)],
};
