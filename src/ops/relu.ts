import { elementwise } from '../tensor/kernels.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(1, '(a > 0 ? a : (a !== a ? a : 0))');

/** d relu(x) = [x > 0]·dx, with relu'(0) = 0 */
export const relu: OpDef = {
  dtype: 'promote',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }) => [g.mul(x.gt(0))],
};
