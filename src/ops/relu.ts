import { kernel } from '../tensor/kernels/index.js';
import { run } from './run.js';
import { fusedVjp } from './unaryBackward.js';
import type { OpDef } from './types.js';

/** d relu(x) = [x > 0]·dx, with relu'(0) = 0 */
export const relu: OpDef = {
  rule: 'relu: g·[x > 0]  (relu′(0) = 0)',
  dtype: 'promote',
  forward: ([x], _, dtype) => run(kernel.relu, dtype, x),
  vjp: fusedVjp('relu'), // g·[x > 0] in one pass (unaryBackward)
};
