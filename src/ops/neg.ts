import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { unaryApi } from './operands.js';

const kernel = elementwise(1, '-a');

/** −x; keeps the dtype. */
export const neg = defineOp('neg', {
  // d(−x) = −dx
  rule: 'neg: −g',
  dtype: 'promote',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g): Grads => [g.neg()],
  onnx: lower.unary('Neg'),
  api: unaryApi,
});
