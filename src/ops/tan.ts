import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(1, 'Math.tan(a)');

/** d tan(x) = (1 + tan²x)·dx */
export const tan: OpDef = {
  rule: 'tan: g·(1 + y²)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { out }) => [g.mul(out.square().add(1))],
};
