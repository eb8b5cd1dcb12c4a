import { noteAllocation, RECYCLE_MIN, takeSpare } from './recycle.js';

/** Element types. int32 holds class labels and indices and is never differentiable. */
export type DType = 'float32' | 'float64' | 'int32';
export type TypedArray = Float32Array | Float64Array | Int32Array;

/** The typed-array constructor that stores each dtype. */
export const arrayType = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
} as const satisfies Record<DType, new (n: number) => TypedArray>;

/** A zero-filled typed array of `size` elements for dtype (a big float one may be a recycled buffer: see recycle.ts). */
export function allocate(dtype: DType, size: number): TypedArray {
  // the big-array path in its own function keeps this one small enough to be inlined into every op
  if (size >= RECYCLE_MIN && dtype !== 'int32') return allocateBig(dtype === 'float64', size);
  // Direct constructor calls (not through the table) keep this call site monomorphic per branch.
  return dtype === 'float32' ? new Float32Array(size) : dtype === 'float64' ? new Float64Array(size) : new Int32Array(size);
}

function allocateBig(wide: boolean, size: number): TypedArray {
  const a = takeSpare(wide, size) ?? (wide ? new Float64Array(size) : new Float32Array(size));
  noteAllocation(a);
  return a;
}

/** The dtype a typed array stores; other arrays are an error. */
export function dtypeOf(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  throw new TypeError('tensor: storage must be a Float32Array, Float64Array or Int32Array');
}

/** Whether the dtype can carry gradients (float32, float64). */
export const isFloat = (d: DType): boolean => d !== 'int32';

/** Promotion: float64 > float32 > int32 (a float64 operand makes the result float64). */
export function promote(a: DType, b: DType): DType {
  if (a === b || b === 'int32') return a;
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}

/** The float type an op that only makes sense on floats computes in: int32 becomes float32. */
export const toFloat = (d: DType): DType => (d === 'int32' ? 'float32' : d);

/** Machine epsilon: the gap between 1 and the next representable number (2^-23, 2^-52). */
export function machineEps(d: DType): number {
  return d === 'float64' ? 2 ** -52 : 2 ** -23;
}
