import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import { unaryApi } from './operands.js';
import { fusedVjp } from './unaryBackward.js';

const kernel = elementwise(1, '(a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a)))');

/** σ(x) = 1/(1 + e⁻ˣ); d = σ(x)(1 − σ(x))·dx. */
export const sigmoid = defineOp('sigmoid', {
  // d σ(x) = σ(x)(1 − σ(x))·dx
  rule: 'sigmoid: g·y·(1 − y)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: fusedVjp('sigmoid'),
  onnx: lower.unary('Sigmoid'),
  api: unaryApi,
});
