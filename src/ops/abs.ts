import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { unaryApi } from './operands.js';

const kernel = elementwise(1, 'Math.abs(a)');

/** |x|; d = sign(x)·dx with abs'(0) = 0, as in PyTorch. */
export const abs = defineOp('abs', {
  // d|x| = sign(x)·dx, with abs'(0) = 0
  rule: 'abs: g·sign(x)  (abs′(0) = 0)',
  dtype: 'promote',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }): Grads => [g.mul(x.sign())],
  onnx: lower.unary('Abs'),
  api: unaryApi,
});
