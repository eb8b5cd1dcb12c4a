import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { unaryApi } from './operands.js';
import { zeros } from '../tensor/create.js';
const kernel = elementwise(1, '(a > 0 ? 1 : a < 0 ? -1 : a)');

/** sign(x) ∈ {−1, 0, 1} (NaN stays NaN); gradient 0 everywhere. */
export const sign = defineOp('sign', {
  // sign(x) ∈ {−1, 0, 1} (NaN stays NaN); its gradient is 0 everywhere
  rule: 'sign: 0',
  dtype: 'promote',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g): Grads => [zeros(g.shape, { dtype: g.dtype })],
  onnx: lower.unary('Sign'),
  api: unaryApi,
});
