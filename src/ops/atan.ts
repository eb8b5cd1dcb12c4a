import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { unaryApi } from './operands.js';

const kernel = elementwise(1, 'Math.atan(a)');

/** atan(x) in (−π/2, π/2); d = 1/(1 + x²). */
export const atan = defineOp('atan', {
  // d atan(x) = dx / (1 + x²)
  rule: 'atan: g / (1 + x²)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }): Grads => [g.div(x.square().add(1))],
  onnx: lower.unary('Atan'),
  api: unaryApi,
});
