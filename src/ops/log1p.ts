import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(1, 'Math.log1p(a)');

/** d log(1 + x) = dx/(1 + x) */
export const log1p: OpDef = {
  rule: 'log1p: g/(1 + x)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }) => [g.div(x.add(1))],
};
