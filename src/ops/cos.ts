import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(1, 'Math.cos(a)');

/** d cos(x) = −sin(x)·dx */
export const cos: OpDef = {
  rule: 'cos: −g·sin(x)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }) => [g.mul(x.sin().neg())],
};
