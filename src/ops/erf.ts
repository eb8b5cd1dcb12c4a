import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { unaryApi } from './operands.js';
import { erfScalar } from '../tensor/erf.js';
const kernel = elementwise(1, 'erfScalar(a)', { erfScalar });

/** The error function erf(x); d = (2/√π)·e^(−x²)·dx. */
export const erf = defineOp('erf', {
  // d erf(x) = (2/√π)·e^(−x²)·dx
  rule: 'erf: g·(2/√π)·exp(−x²)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }): Grads => [g.mul(x.square().neg().exp().mul(2 / Math.sqrt(Math.PI)))],
  onnx: lower.unary('Erf'),
  api: unaryApi,
});
