import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(1, 'a * a');

/** d x² = 2x·dx */
export const square: OpDef = {
  rule: 'square: 2·g·x',
  dtype: 'promote',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }) => [g.mul(x.mul(2))],
};
