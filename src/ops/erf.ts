import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';
import { erfScalar } from './erf-scalar.js';
const kernel = elementwise(1, 'erfScalar(a)', { erfScalar });

/** d erf(x) = (2/√π)·e^(−x²)·dx */
export const erf: OpDef = {
  rule: 'erf: g·(2/√π)·exp(−x²)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }) => [g.mul(x.square().neg().exp().mul(2 / Math.sqrt(Math.PI)))],
};
