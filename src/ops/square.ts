import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { unaryApi } from './operands.js';

const kernel = elementwise(1, 'a * a');

/** x²; keeps the dtype. d = 2x·dx. */
export const square = defineOp('square', {
  // d x² = 2x·dx
  rule: 'square: 2·g·x',
  dtype: 'promote',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }): Grads => [g.mul(x.mul(2))],
  onnx: (c) => {
    const x = c.input(0, c.outDtype);
    c.node('Mul', [x, x], {}, c.out);
  },
  api: unaryApi,
});
