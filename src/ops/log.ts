import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(1, 'Math.log(a)');

/** d log(x) = dx/x (log of a negative number is NaN, of 0 is −∞) */
export const log: OpDef = {
  rule: 'log: g/x',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }) => [g.div(x)],
};
