import { kernel } from '../tensor/kernels/index.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import { fusedVjp } from './unaryBackward.js';
import { unaryApi } from './operands.js';

/** max(x, 0); relu'(0) = 0, as in PyTorch. */
export const relu = defineOp('relu', {
  // d relu(x) = [x > 0]·dx, with relu'(0) = 0
  rule: 'relu: g·[x > 0]  (relu′(0) = 0)',
  dtype: 'promote',
  forward: ([x], _, dtype) => run(kernel.relu, dtype, x),
  vjp: fusedVjp('relu'), // g·[x > 0] in one pass (unaryBackward)
  onnx: lower.unary('Relu'),
  api: unaryApi,
});
