import { kernel } from '../tensor/kernels/index.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

/** d exp(x) = exp(x)·dx */
export const exp: OpDef = {
  rule: 'exp: g·y',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel.exp, dtype, x),
  vjp: (g, { out }) => [g.mul(out)],
};
