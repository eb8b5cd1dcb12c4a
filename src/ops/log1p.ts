import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { unaryApi } from './operands.js';

const kernel = elementwise(1, 'Math.log1p(a)');

/** log(1 + x), accurate for small x; d = dx/(1 + x). */
export const log1p = defineOp('log1p', {
  // d log(1 + x) = dx/(1 + x)
  rule: 'log1p: g/(1 + x)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }): Grads => [g.div(x.add(1))],
  onnx: (c) => void c.node('Identity', [lower.log1p(c, c.input(0, c.outDtype), c.outDtype)], {}, c.out),
  api: unaryApi,
});
