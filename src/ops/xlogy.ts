import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { sub } from './sub.js';
import { where } from './where.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { pairApi } from './operands.js';

// 0·log(y) = 0 for any y but NaN (as PyTorch).
const kernel = elementwise(2, '(a === 0 && b === b) ? 0 : a * Math.log(b)');

/** x·log(y), with 0 wherever x = 0 (even for y = 0). */
export const xlogy = defineOp('xlogy', {
  // d(x·log y) = log(y)·dx + (x/y)·dy, both 0 where x = 0. The y-gradient divides by a sanitised y,
  // so at x = y = 0 it is 0, not 0/0, also in higher derivatives.
  rule: 'xlogy: gx = g·log(y) (0 where x = 0), gy = g·x/y',
  dtype: 'float',
  broadcast: true,
  forward: ([x, y], _, dtype) => run(kernel, dtype, x, y),
  vjp: (g, { inputs: [x, y], needs }): Grads => {
    const x0 = x.eq(0);
    return [
      needs[0] ? g.mul(xlogy(sub(1, x0), y)) : null,
      needs[1] ? g.mul(x.div(where(x0, 1, y))) : null,
    ];
  },
  // x·log y, 0 where x = 0 unless y is NaN.
  onnx: (c) => {
    const d = c.outDtype, x = c.input(0, d), y = c.input(1, d);
    const zero = c.node('And', [c.node('Equal', [x, c.scalar(0, d)]), c.node('Not', [c.node('IsNaN', [y])])]);
    c.node('Where', [zero, c.scalar(0, d), c.node('Mul', [x, c.node('Log', [y])])], {}, c.out);
  },
  api: pairApi,
});
