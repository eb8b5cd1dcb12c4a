import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { fitsInt32 } from '../tensor/validate.js';
import type { OpDef } from './types.js';

const int32Bound = (v: number) => Math.abs(v) === Infinity || (Number.isInteger(v) && fitsInt32(v));

const kernel = elementwise(1, 'a < p ? p : a > q ? q : a');

/**
 * clamp(x, min, max); d = [min ≤ x ≤ max]·dx. The bounds are inclusive, as in PyTorch: at
 * x = min or x = max the gradient passes.
 */
export const clamp: OpDef<{ min: number; max: number }> = {
  rule: 'clamp: g·[min ≤ x ≤ max]',
  // An int32 tensor stays int32 only when both bounds are int32 values or absent (±∞); any other
  // bound (0.5, 3e9) gives float32, as a number that int32 cannot hold does in any other op.
  dtype: ([x], { min, max }) => (x.dtype === 'int32' && !(int32Bound(min) && int32Bound(max)) ? 'float32' : x.dtype),
  check: (_, { min, max }) => {
    if (typeof min !== 'number' || typeof max !== 'number' || Number.isNaN(min) || Number.isNaN(max)) {
      throw new RangeError(`clamp: bounds must be numbers (or null), got min ${min} and max ${max}`);
    }
    if (min > max) throw new RangeError(`clamp: min ${min} is greater than max ${max}`);
  },
  forward: ([x], { min, max }, dtype) => run(kernel, dtype, x, undefined, undefined, min, max),
  vjp: (g, { inputs: [x], params: { min, max } }) => [g.mul(x.ge(min).mul(x.le(max)))],
};
