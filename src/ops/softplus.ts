import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';
import { fusedVjp } from './unaryBackward.js';

const kernel = elementwise(1, '(a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a)))');

/** softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^−|x|) (no overflow); d softplus(x) = σ(x)·dx */
export const softplus: OpDef = {
  rule: 'softplus: g·σ(x)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: fusedVjp('softplus'),
};
