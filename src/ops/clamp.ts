import { elementwise } from '../tensor/kernels.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(1, 'a < p ? p : a > q ? q : a');

/**
 * clamp(x, min, max); d = [min ≤ x ≤ max]·dx. The bounds are inclusive, as in PyTorch: at
 * x = min or x = max the gradient passes.
 */
export const clamp: OpDef<{ min: number; max: number }> = {
  dtype: 'promote',
  check: (_, { min, max }) => {
    if (min > max) throw new RangeError(`clamp: min ${min} is greater than max ${max}`);
  },
  forward: ([x], { min, max }, dtype) => run(kernel, dtype, x, undefined, undefined, min, max),
  vjp: (g, { inputs: [x], params: { min, max } }) => [g.mul(x.ge(min).mul(x.le(max)))],
};
