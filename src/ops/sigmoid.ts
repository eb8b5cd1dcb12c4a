import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';
import { fusedVjp } from './unaryBackward.js';

const kernel = elementwise(1, '(a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a)))');

/** d σ(x) = σ(x)(1 − σ(x))·dx */
export const sigmoid: OpDef = {
  rule: 'sigmoid: g·y·(1 − y)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: fusedVjp('sigmoid'),
};
