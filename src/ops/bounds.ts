/** What clamp and hardtanh share: their params, dtype rule, check and kernel. */
import { elementwise } from '../tensor/elementwise.js';
import { fitsInt32 } from '../tensor/validate.js';
import type { DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';

const int32Bound = (v: number) => Math.abs(v) === Infinity || (Number.isInteger(v) && fitsInt32(v));

/** The params of clamp and hardtanh: the bounds (±Infinity when absent). */
export interface Bounds { min: number; max: number }

/**
 * The dtype rule of clamp and hardtanh: an int32 tensor stays int32 only when both bounds are
 * int32 values or absent (±∞); any other bound (0.5, 3e9) gives float32, as a number that int32
 * cannot hold does in any other op.
 */
export const boundedDtype = ([x]: readonly Tensor[], { min, max }: Bounds): DType =>
  (x.dtype === 'int32' && !(int32Bound(min) && int32Bound(max)) ? 'float32' : x.dtype);

/** The check of clamp and hardtanh: numeric bounds, not NaN, min ≤ max. */
export const checkBounds = (op: string) => (_: readonly Tensor[], { min, max }: Bounds): void => {
  if (typeof min !== 'number' || typeof max !== 'number' || Number.isNaN(min) || Number.isNaN(max)) {
    throw new RangeError(`${op}: bounds must be numbers (or null), got min ${min} and max ${max}`);
  }
  if (min > max) throw new RangeError(`${op}: min ${min} is greater than max ${max}`);
};

/** x limited to [min, max], the forward of clamp and hardtanh. */
export const clampKernel = elementwise(1, 'a < p ? p : a > q ? q : a');

