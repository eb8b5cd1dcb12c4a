import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(1, 'Math.sqrt(a)');

/** d √x = dx/(2√x): infinite at 0, so norms that can be 0 add an eps inside the root */
export const sqrt: OpDef = {
  rule: 'sqrt: g/(2·y)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { out }) => [g.div(out.mul(2))],
};
