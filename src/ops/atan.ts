import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(1, 'Math.atan(a)');

/** d atan(x) = dx / (1 + x²) */
export const atan: OpDef = {
  rule: 'atan: g / (1 + x²)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }) => [g.div(x.square().add(1))],
};
