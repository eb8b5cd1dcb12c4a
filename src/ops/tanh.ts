import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';
import { fusedVjp } from './unaryBackward.js';

const kernel = elementwise(1, 'Math.tanh(a)');

/** d tanh(x) = (1 − tanh²(x))·dx */
export const tanh: OpDef = {
  rule: 'tanh: g·(1 − y²)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: fusedVjp('tanh'),
};
