import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import { unaryApi } from './operands.js';
import { fusedVjp } from './unaryBackward.js';

const kernel = elementwise(1, 'Math.tanh(a)');

/** tanh(x); d = (1 − tanh²x)·dx. */
export const tanh = defineOp('tanh', {
  // d tanh(x) = (1 − tanh²(x))·dx
  rule: 'tanh: g·(1 − y²)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: fusedVjp('tanh'),
  onnx: lower.unary('Tanh'),
  api: unaryApi,
});
