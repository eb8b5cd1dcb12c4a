import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { unaryApi } from './operands.js';

const kernel = elementwise(1, 'Math.cos(a)');

/** cos(x); d = −sin(x). */
export const cos = defineOp('cos', {
  // d cos(x) = −sin(x)·dx
  rule: 'cos: −g·sin(x)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }): Grads => [g.mul(x.sin().neg())],
  onnx: lower.unary('Cos'),
  api: unaryApi,
});
