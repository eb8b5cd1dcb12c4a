import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { unaryApi } from './operands.js';

const kernel = elementwise(1, 'Math.expm1(a)');

/** eˣ − 1, accurate for small x; d = eˣ·dx. */
export const expm1 = defineOp('expm1', {
  // d (exp(x) − 1) = exp(x)·dx
  rule: 'expm1: g·(y + 1)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { out }): Grads => [g.mul(out.add(1))],
  onnx: (c) => void c.node('Identity', [lower.expm1(c, c.input(0, c.outDtype), c.outDtype)], {}, c.out),
  api: unaryApi,
});
