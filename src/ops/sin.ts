import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { unaryApi } from './operands.js';

const kernel = elementwise(1, 'Math.sin(a)');

/** sin(x); d = cos(x). */
export const sin = defineOp('sin', {
  // d sin(x) = cos(x)·dx
  rule: 'sin: g·cos(x)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }): Grads => [g.mul(x.cos())],
  onnx: lower.unary('Sin'),
  api: unaryApi,
});
