import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { where, xlogy as xlogyOp } from './api.js';
import type { OpDef } from './types.js';

// 0·log(y) = 0 for any y but NaN (as PyTorch).
const kernel = elementwise(2, '(a === 0 && b === b) ? 0 : a * Math.log(b)');

/**
 * d(x·log y) = log(y)·dx + (x/y)·dy, both 0 where x = 0. The y-gradient divides by a sanitised y,
 * so at x = y = 0 it is 0, not 0/0, also in higher derivatives.
 */
export const xlogy: OpDef = {
  rule: 'xlogy: gx = g·log(y) (0 where x = 0), gy = g·x/y',
  dtype: 'float',
  broadcast: true,
  forward: ([x, y], _, dtype) => run(kernel, dtype, x, y),
  vjp: (g, { inputs: [x, y], needs }) => {
    const x0 = x.eq(0);
    return [
      needs[0] ? g.mul(xlogyOp(x0.neg().add(1), y)) : null,
      needs[1] ? g.mul(x.div(where(x0, 1, y))) : null,
    ];
  },
};
