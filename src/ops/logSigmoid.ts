import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(1, '(a >= 0 ? -Math.log1p(Math.exp(-a)) : a - Math.log1p(Math.exp(a)))');

/** log σ(x) = −softplus(−x), computed without overflow; d log σ(x) = σ(−x)·dx */
export const logSigmoid: OpDef = {
  rule: 'logSigmoid: g·σ(−x)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }) => [g.mul(x.neg().sigmoid())],
};
