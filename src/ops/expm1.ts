import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(1, 'Math.expm1(a)');

/** d (exp(x) − 1) = exp(x)·dx */
export const expm1: OpDef = {
  rule: 'expm1: g·(y + 1)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { out }) => [g.mul(out.add(1))],
};
