import ops from 'ndarray-ops';
import { allocate, type TypedArray } from '../tensor/dtype.js';
import { isRowMajor } from '../tensor/shape.js';
import { fromStorage, type Tensor } from '../tensor/tensor.js';
import type { ParamState } from './optimizer.js';

/**
 * The pieces of an in-place optimizer update: each optimizer's `update` is one loop over flat
 * typed arrays (parameter, gradient, state buffers), so a step makes one pass per parameter and
 * allocates nothing after the first. Write that loop as a module-level function that takes its
 * arrays and numbers as parameters, and call it from the closure given to updateInPlace (see
 * sgd.ts, adam.ts, rmsprop.ts, adagrad.ts): a loop that reads `const` bindings captured by a
 * closure re-checks each of them on every iteration in V8, 1.2–3× slower (3× for SGD's loop when
 * this was written, 1.2× for RMSprop's on 128k float32 elements, 2026-12-03).
 */

/**
 * Runs `kernel` on the parameter's storage in place. A parameter that is a strided view (rare: a
 * leaf made from a transposed tensor) is updated through a row-major copy written back.
 */
export function updateInPlace(p: Tensor, kernel: (param: TypedArray) => void): void {
  const d = p.data;
  if (d.offset === 0 && d.data.length === d.size && isRowMajor(d.shape, d.stride)) {
    kernel(d.data);
    return;
  }
  const copy = p.contiguousData();
  kernel(copy);
  ops.assign(d, fromStorage(copy, p.shape, p.dtype).data);
}

/** The gradient's elements in row-major order (no copy when it already is laid out so). */
export const gradValues = (g: Tensor): TypedArray => g.contiguousData();

/**
 * State buffer `name` of a parameter (momentum, moments): a zero-filled tensor shaped like p on
 * first use, then the same storage on every step, updated in place. `fresh` says whether it was
 * just created (SGD's momentum starts from the first gradient rather than from zero).
 */
export function stateBuffer(state: ParamState, name: string, p: Tensor): { values: TypedArray; fresh: boolean } {
  const prev = state.buffers[name];
  if (prev) return { values: prev.data.data, fresh: false };
  const values = allocate(p.dtype, p.size);
  state.buffers[name] = fromStorage(values, p.shape, p.dtype);
  return { values, fresh: true };
}
