import { kernel } from '../tensor/kernels/index.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { unaryApi } from './operands.js';

/** eˣ (int32 input gives float32); d = eˣ·dx. */
export const exp = defineOp('exp', {
  // d exp(x) = exp(x)·dx
  rule: 'exp: g·y',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel.exp, dtype, x),
  vjp: (g, { out }): Grads => [g.mul(out)],
  onnx: lower.unary('Exp'),
  api: unaryApi,
});
