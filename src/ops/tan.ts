import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { unaryApi } from './operands.js';

const kernel = elementwise(1, 'Math.tan(a)');

/** tan(x); d = 1 + tan²(x). */
export const tan = defineOp('tan', {
  // d tan(x) = (1 + tan²x)·dx
  rule: 'tan: g·(1 + y²)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { out }): Grads => [g.mul(out.square().add(1))],
  onnx: lower.unary('Tan'),
  api: unaryApi,
});
