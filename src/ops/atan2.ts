import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(2, 'Math.atan2(a, b)');

/**
 * atan2(y, x), the angle of the point (x, y) in (−π, π];
 * d = (x·dy − y·dx) / (x² + y²). At the origin, where the angle jumps, the gradient is NaN (0/0),
 * as in PyTorch.
 */
export const atan2: OpDef = {
  rule: 'atan2(y, x): gy = g·x/(x² + y²), gx = −g·y/(x² + y²)',
  dtype: 'float',
  broadcast: true,
  forward: ([y, x], _, dtype) => run(kernel, dtype, y, x),
  vjp: (g, { inputs: [y, x], needs }) => {
    const r2 = x.square().add(y.square());
    return [needs[0] ? g.mul(x).div(r2) : null, needs[1] ? g.mul(y).neg().div(r2) : null];
  },
};
