/**
 * The argument checks shared by creation functions and ops. Each throws an error that names the
 * public function (`fn`), the argument and the value. None of them loops over tensor elements
 * except `checkInt32Range`, which runs only where numbers are converted into int32 storage.
 */
import { arrayType, type DType } from './dtype.js';
import { shapeStr } from './shape.js';

/**
 * The most elements one tensor may hold: typed arrays of V8 top out near 2³², and index offsets
 * (gather, scatterAdd) are int32.
 */
export const MAX_ELEMENTS = 2 ** 31 - 1;
export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;

/** A short description of any value for an error message: `string 'abc'`, `null`, `2.5`. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'string') return `string '${v.length > 20 ? v.slice(0, 20) + '…' : v}'`;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object') return `an object (${(v as object).constructor?.name ?? 'no prototype'})`;
  return `${typeof v} ${String(v)}`;
}

/** A shape: a list of integers ≥ 0 whose product fits one tensor. Returns a copy. */
export function checkShape(fn: string, shape: unknown, what = 'shape'): number[] {
  if (!Array.isArray(shape) && !ArrayBuffer.isView(shape)) {
    throw new TypeError(`${fn}: ${what} must be an array of integers ≥ 0, got ${describe(shape)}`);
  }
  const dims = Array.from(shape as ArrayLike<unknown>);
  let size = 1;
  dims.forEach((n, i) => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw new RangeError(`${fn}: ${what} [${dims.map(String).join(',')}] must hold integers ≥ 0; dim ${i} is ${describe(n)}`);
    }
    size *= n;
  });
  if (size > MAX_ELEMENTS) {
    throw new RangeError(`${fn}: ${what} ${shapeStr(dims as number[])} has ${size} elements, more than a tensor can hold (${MAX_ELEMENTS})`);
  }
  return dims as number[];
}

/** A dtype option: one of float32, float64, int32 (undefined gives the fallback). */
export function checkDType(fn: string, dtype: unknown, fallback: DType = 'float32'): DType {
  if (dtype === undefined) return fallback;
  if (typeof dtype !== 'string' || !Object.hasOwn(arrayType, dtype)) {
    throw new TypeError(`${fn}: dtype must be one of ${Object.keys(arrayType).join(', ')}, got ${describe(dtype)}`);
  }
  return dtype as DType;
}

/** An integer argument ≥ min (a count, an index bound). */
export function checkInteger(fn: string, name: string, value: unknown, min = -Infinity): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${fn}: ${name} must be an integer${min > -Infinity ? ` ≥ ${min}` : ''}, got ${describe(value)}`);
  }
  return value;
}

/** A finite number argument. */
export function checkFinite(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${fn}: ${name} must be a finite number, got ${describe(value)}`);
  }
  return value;
}

/** True when v, truncated toward zero as a store into Int32Array does, is an int32. NaN is not. */
export const fitsInt32 = (v: number): boolean => v > INT32_MIN - 1 && v < INT32_MAX + 1;

export function int32Error(fn: string, v: number, at = ''): RangeError {
  return new RangeError(
    `${fn}: ${v}${at} cannot be stored as int32 (integers in [${INT32_MIN}, ${INT32_MAX}]); use a float dtype`);
}

/** Throws unless every value fits int32: the check before numbers are written into int32 storage. */
export function checkInt32Range(fn: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!fitsInt32(values[i])) throw int32Error(fn, values[i], ` at index ${i}`);
  }
}
