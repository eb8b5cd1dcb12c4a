import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(1, 'Math.sin(a)');

/** d sin(x) = cos(x)·dx */
export const sin: OpDef = {
  rule: 'sin: g·cos(x)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }) => [g.mul(x.cos())],
};
