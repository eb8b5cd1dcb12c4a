import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(1, '-a');

/** d(−x) = −dx */
export const neg: OpDef = {
  rule: 'neg: −g',
  dtype: 'promote',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g) => [g.neg()],
};
