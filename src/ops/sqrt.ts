import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { unaryApi } from './operands.js';

const kernel = elementwise(1, 'Math.sqrt(a)');

/** √x; d = dx/(2√x), infinite at 0 (add an eps inside the root of a norm that can be 0). */
export const sqrt = defineOp('sqrt', {
  // d √x = dx/(2√x): infinite at 0, so norms that can be 0 add an eps inside the root
  rule: 'sqrt: g/(2·y)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { out }): Grads => [g.div(out.mul(2))],
  onnx: lower.unary('Sqrt'),
  api: unaryApi,
});
