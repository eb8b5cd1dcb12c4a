import { makeRowMajorView } from '../tensor/view.js';
import { allocate, type DType } from '../tensor/dtype.js';
import type { Arr, Elementwise } from '../tensor/elementwise.js';

/** Runs an elementwise kernel into a fresh row-major array of `dtype` shaped like a. */
export function run(kernel: Elementwise, dtype: DType, a: Arr, b?: Arr, c?: Arr, p?: number, q?: number): Arr {
  const out = allocate(dtype, a.size);
  kernel(out, a.shape, a, b, c, p, q);
  return makeRowMajorView(out, a.shape, dtype);
}
