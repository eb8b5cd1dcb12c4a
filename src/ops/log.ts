import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { unaryApi } from './operands.js';

const kernel = elementwise(1, 'Math.log(a)');

/** Natural log: −∞ at 0, NaN below 0; d = dx/x. */
export const log = defineOp('log', {
  // d log(x) = dx/x (log of a negative number is NaN, of 0 is −∞)
  rule: 'log: g/x',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }): Grads => [g.div(x)],
  onnx: lower.unary('Log'),
  api: unaryApi,
});
