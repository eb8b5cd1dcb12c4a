import { manualSeed, rand, randn, tensor, type Tensor } from '../src/index.js';

/** float64 standard normal values, reproducible. */
export function normal64(shape: number[], seed = 1): Tensor {
  manualSeed(seed + shape.length * 7 + shape.reduce((a, b) => a * 31 + b, 0));
  return randn(shape, { dtype: 'float64' });
}
/** float64 values in [lo, hi): for ops defined on part of the line (log, sqrt, ...). */
export function uniform64(shape: number[], lo: number, hi: number, seed = 2): Tensor {
  manualSeed(seed + shape.reduce((a, b) => a * 31 + b, 0));
  return rand(shape, { dtype: 'float64' }).mul(hi - lo).add(lo);
}
export const int32 = (data: number[] | number[][], shape?: number[]) =>
  shape ? tensor(Int32Array.from(data.flat()), { shape }) : tensor(data, { dtype: 'int32' });

export function close(actual: number, expected: number, tol = 1e-9): boolean {
  return Math.abs(actual - expected) <= tol * (1 + Math.abs(expected));
}
