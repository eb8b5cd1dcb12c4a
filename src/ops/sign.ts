import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';
import { zeros } from '../tensor/create.js';
const kernel = elementwise(1, '(a > 0 ? 1 : a < 0 ? -1 : a)');

/** sign(x) ∈ {−1, 0, 1} (NaN stays NaN); its gradient is 0 everywhere */
export const sign: OpDef = {
  rule: 'sign: 0',
  dtype: 'promote',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g) => [zeros(g.shape, { dtype: g.dtype })],
};
