import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(1, 'Math.abs(a)');

/** d|x| = sign(x)·dx, with abs'(0) = 0 */
export const abs: OpDef = {
  rule: 'abs: g·sign(x)  (abs′(0) = 0)',
  dtype: 'promote',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }) => [g.mul(x.sign())],
};
