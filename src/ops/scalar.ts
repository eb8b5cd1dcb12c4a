import { promote, type DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { fitsInt32 } from '../tensor/validate.js';

/**
 * Params of a binary elementwise op (add, sub, mul, div, pow) called with a JS number for one
 * operand: the op then has one input and no tensor, view or expand node is made for the number.
 * `scalarFirst` says the number is the left operand (2 − x, 1 / x, 2 ** x).
 */
export type ScalarParams = { scalar: number; scalarFirst: boolean } | undefined;

/**
 * The dtype rule of add, sub and mul: the promoted dtype of two tensors; with a number, the
 * tensor's dtype, except that a number int32 cannot hold (a fraction, NaN, ±Infinity, beyond
 * ±2³¹) makes an int32 tensor float32, never a wrapped value.
 */
export function promoteWithScalar(inputs: readonly Tensor[], p: ScalarParams): DType {
  if (!p) return promote(inputs[0].dtype, inputs[1].dtype);
  const d = inputs[0].dtype;
  return d === 'int32' && !(Number.isInteger(p.scalar) && fitsInt32(p.scalar)) ? 'float32' : d;
}

/** The number as the op computes with it: rounded to float32 for a float32 result (as PyTorch does). */
export const scalarIn = (p: { scalar: number }, dtype: DType): number => (dtype === 'float32' ? Math.fround(p.scalar) : p.scalar);
