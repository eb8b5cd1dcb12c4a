import ndarray, { type NdArray } from 'ndarray';
import { allocate, arrayType, dtypeOf, type DType, type TypedArray } from './dtype.js';
import { castInto } from './elementwise.js';
import { checkDType, checkFinite, checkInt32Range, checkInteger, checkShape, describe, fitsInt32, int32Error } from './validate.js';
import { makeView } from './view.js';
import { defaultGenerator, Generator } from './random.js';
import { checkOptions, type OptionSpec } from './options.js';
import { rowMajorStrides, shapeStr, sizeOf } from './shape.js';
import { fromStorage, Tensor } from './tensor.js';

/** Options of the creation functions. */
export interface CreateOptions {
  /** Element type (default float32; int32 for randint). */
  dtype?: DType;
  /** Make the tensor a leaf that records gradients (float dtypes only). */
  requiresGrad?: boolean;
}
/** The options of the creation functions (dtype is checked by checkDType, whose message lists the dtypes). */
export const createOptions = { dtype: 'any', requiresGrad: 'bool' } as const satisfies OptionSpec;
/** The options of the random creation functions. */
export const randomOptions = { ...createOptions, generator: { want: 'a Generator', ok: (v) => v instanceof Generator } } satisfies OptionSpec;

/** Numbers nested in arrays, one level per dimension (`[[1, 2], [3, 4]]`). */
export type NestedArray = number | readonly NestedArray[];

/**
 * A tensor from a number, nested arrays, a typed array (1-D) or an ndarray. The dtype defaults to
 * float32, or to the typed array's own type. A typed array or ndarray of the same dtype is shared,
 * not copied (zero-copy wrapping of data you own); a Tensor is always copied and detached, as
 * torch.tensor does. `shape` reshapes the elements (row-major) and must hold as many.
 * Numbers going into int32 must fit it: NaN, ±Infinity and values beyond ±2³¹ are errors;
 * fractions truncate toward zero.
 */
export function tensor(
  data: NestedArray | TypedArray | NdArray | Tensor,
  opts: CreateOptions & { shape?: readonly number[] } = {},
): Tensor {
  const fn = 'tensor';
  checkOptions(fn, opts, { ...createOptions, shape: 'any' });
  let out: Tensor;
  if (data instanceof Tensor) {
    const dtype = checkDType(fn, opts.dtype, data.dtype);
    const storage = allocate(dtype, data.size);
    castInto(fn, storage, data.data);
    out = fromStorage(storage, data.shape, dtype);
  } else if (ArrayBuffer.isView(data)) {
    const source = data as TypedArray;
    const own = dtypeOf(source);
    const dtype = checkDType(fn, opts.dtype, own);
    if (dtype === 'int32' && own !== 'int32') checkInt32Range(fn, source);
    out = fromStorage(dtype === own ? source : arrayType[dtype].from(source), [source.length], dtype);
  } else if (isNdArray(data)) {
    const own = dtypeOf(data.data as TypedArray);
    const dtype = checkDType(fn, opts.dtype, own);
    if (dtype === own) out = new Tensor(data as NdArray<TypedArray>, dtype);
    else {
      const storage = allocate(dtype, data.size);
      castInto(fn, storage, data as NdArray<TypedArray>);
      out = fromStorage(storage, data.shape, dtype);
    }
  } else {
    const dtype = checkDType(fn, opts.dtype);
    const shape = checkShape(fn, inferShape(data));
    const storage = allocate(dtype, sizeOf(shape));
    const int32 = dtype === 'int32';
    let at = 0;
    const fill = (v: NestedArray): void => {
      if (typeof v !== 'number') for (const x of v) fill(x);
      else if (int32 && !fitsInt32(v)) throw int32Error(fn, v, ` at flat index ${at}`);
      else storage[at++] = v;
    };
    fill(data);
    out = fromStorage(storage, shape, dtype);
  }
  if (opts.shape !== undefined) {
    const shape = checkShape(fn, opts.shape);
    if (sizeOf(shape) !== out.size) {
      const what = ArrayBuffer.isView(data) ? 'the typed array' : 'the data';
      throw new RangeError(`${fn}: shape ${shapeStr(shape)} needs ${sizeOf(shape)} elements, ${what} has ${out.size}`);
    }
    out = out.reshape(shape);
  }
  if (opts.requiresGrad) out.requiresGrad = true;
  return out;
}

function isNdArray(x: unknown): x is NdArray {
  return typeof x === 'object' && x !== null && 'shape' in x && 'stride' in x && 'data' in x;
}

/** The shape of nested arrays; a ragged array or a non-number names the first bad element. */
function inferShape(data: NestedArray): number[] {
  if (typeof data !== 'number' && !Array.isArray(data)) {
    throw new TypeError(`tensor: expected a number, nested arrays of numbers, a typed array, an ndarray or a Tensor, got ${describe(data)}`);
  }
  const shape: number[] = [];
  for (let v: NestedArray = data; Array.isArray(v); v = (v as readonly NestedArray[])[0]) shape.push((v as readonly NestedArray[]).length);
  const path: number[] = [];
  const check = (v: NestedArray, depth: number): void => {
    if (depth === shape.length) {
      if (typeof v === 'number') return;
      if (Array.isArray(v)) throw new TypeError(`tensor: ragged nested array: element [${path.join('][')}] is an array, expected a number`);
      throw new TypeError(`tensor: element [${path.join('][')}] is ${describe(v)}, expected a number`);
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      const got = Array.isArray(v) ? `has length ${v.length}` : `is ${typeof v}`;
      throw new TypeError(`tensor: ragged nested array: element [${path.join('][')}] ${got}, expected length ${shape[depth]}`);
    }
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      check(v[i], depth + 1);
      path.pop();
    }
  };
  check(data, 0);
  return shape;
}

/** A tensor of `shape` filled with `value`. */
export const full = (shape: readonly number[], value: number, opts: CreateOptions = {}) => filled('full', shape, value, opts);
/** A tensor of `shape` filled with 0 (float32 unless opts.dtype). */
export const zeros = (shape: readonly number[], opts?: CreateOptions) => filled('zeros', shape, 0, opts);
/** A tensor of `shape` filled with 1 (float32 unless opts.dtype). */
export const ones = (shape: readonly number[], opts?: CreateOptions) => filled('ones', shape, 1, opts);
/** Zeros of t's shape and (unless overridden in opts) dtype. */
export const zerosLike = (t: Tensor, opts: CreateOptions = {}) =>
  (checkOptions('zerosLike', opts, createOptions), filled('zerosLike', tensorArg('zerosLike', t).shape, 0, { dtype: t.dtype, ...opts }));
/** Ones of t's shape and (unless overridden in opts) dtype. */
export const onesLike = (t: Tensor, opts: CreateOptions = {}) =>
  (checkOptions('onesLike', opts, createOptions), filled('onesLike', tensorArg('onesLike', t).shape, 1, { dtype: t.dtype, ...opts }));

function filled(fn: string, shape: readonly number[], value: number, opts: CreateOptions = {}): Tensor {
  checkOptions(fn, opts, createOptions);
  const dims = checkShape(fn, shape);
  const dtype = checkDType(fn, opts.dtype);
  if (typeof value !== 'number') throw new TypeError(`${fn}: value must be a number, got ${describe(value)}`);
  if (dtype === 'int32' && !fitsInt32(value)) throw int32Error(fn, value);
  const data = allocate(dtype, sizeOf(dims));
  if (value !== 0) data.fill(value);
  return fromStorage(data, dims, dtype, opts.requiresGrad);
}

/** start, start + step, ... below end (arange(n) counts 0..n−1). */
export function arange(start: number, end?: number, step = 1, opts: CreateOptions = {}): Tensor {
  checkOptions('arange', opts, createOptions);
  if (end === undefined) [start, end] = [0, start];
  for (const [name, v] of [['start', start], ['end', end], ['step', step]] as const) checkFinite('arange', name, v);
  if (step === 0) throw new RangeError('arange: step must not be 0');
  const n = Math.max(0, Math.ceil((end - start) / step));
  return generate('arange', [n], opts, (i) => start + i * step, [start, start + (n - 1) * step]);
}

/** n evenly spaced values from start to end inclusive. */
export function linspace(start: number, end: number, n: number, opts: CreateOptions = {}): Tensor {
  checkOptions('linspace', opts, createOptions);
  checkFinite('linspace', 'start', start);
  checkFinite('linspace', 'end', end);
  checkInteger('linspace', 'n', n, 0);
  return generate('linspace', [n], opts, (i) => (n === 1 ? start : start + ((end - start) * i) / (n - 1)), [start, end]);
}

/** The n × n identity matrix. */
export function eye(n: number, opts: CreateOptions = {}): Tensor {
  checkOptions('eye', opts, createOptions);
  checkInteger('eye', 'n', n, 0);
  return generate('eye', [n, n], opts, (i) => (Math.floor(i / n) === i % n ? 1 : 0));
}

/** Options of the random creation functions. */
export interface RandomOptions extends CreateOptions {
  /** The stream to draw from (default: the global one that manualSeed reseeds). */
  generator?: Generator;
}

/**
 * Uniform values in [0, 1).
 * @example rand([2, 3], { generator: new Generator(0) })
 */
export function rand(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  checkOptions('rand', opts, randomOptions);
  const g = opts.generator ?? defaultGenerator;
  return generate('rand', shape, opts, () => g.uniform());
}

/**
 * Standard normal values.
 * @example randn([4], { dtype: 'float64', generator: new Generator(1) })
 */
export function randn(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  checkOptions('randn', opts, randomOptions);
  const g = opts.generator ?? defaultGenerator;
  return generate('randn', shape, opts, () => g.normal());
}

/**
 * Integers in [low, high) (low < high), int32 unless another dtype is asked for.
 * @example randint(0, 10, [5], { generator: new Generator(2) })
 */
export function randint(low: number, high: number, shape: readonly number[], opts: RandomOptions = {}): Tensor {
  checkOptions('randint', opts, randomOptions);
  checkInteger('randint', 'low', low);
  checkInteger('randint', 'high', high);
  if (low >= high) throw new RangeError(`randint: low (${low}) must be less than high (${high})`);
  const g = opts.generator ?? defaultGenerator;
  return generate('randint', shape, { dtype: 'int32', ...opts }, () => g.integer(low, high), [low, high - 1]);
}

/** Fills a new tensor with value(i); `extremes` are the values that must fit int32 storage. */
function generate(fn: string, shape: readonly number[], opts: CreateOptions & { generator?: unknown }, value: (i: number) => number, extremes: number[] = []): Tensor {
  const dims = checkShape(fn, shape);
  const dtype = checkDType(fn, opts.dtype);
  if (dtype === 'int32') for (const v of extremes) if (!fitsInt32(v)) throw int32Error(fn, v);
  const data = allocate(dtype, sizeOf(dims));
  for (let i = 0; i < data.length; i++) data[i] = value(i);
  return fromStorage(data, dims, dtype, opts.requiresGrad);
}

/** One-hot rows: shape [...indices.shape, numClasses], float32 unless another dtype is asked for. */
export function oneHot(indices: Tensor, numClasses: number, opts: CreateOptions = {}): Tensor {
  checkOptions('oneHot', opts, createOptions);
  tensorArg('oneHot', indices, 'indices');
  if (indices.dtype !== 'int32') throw new TypeError(`oneHot: indices must be int32, got ${indices.dtype}`);
  checkInteger('oneHot', 'numClasses', numClasses, 0);
  const shape = checkShape('oneHot', [...indices.shape, numClasses], 'result shape');
  const idx = indices.contiguousData();
  const dtype = checkDType('oneHot', opts.dtype);
  const out = allocate(dtype, idx.length * numClasses);
  for (let i = 0; i < idx.length; i++) {
    if (idx[i] < 0 || idx[i] >= numClasses) {
      throw new RangeError(`oneHot: index ${idx[i]} at position ${i} is out of range for ${numClasses} classes`);
    }
    out[i * numClasses + idx[i]] = 1;
  }
  return new Tensor(makeView(out, shape, rowMajorStrides(shape), 0), dtype, opts.requiresGrad);
}

/** Throws unless v is a Tensor: the first check of a function that takes one. */
export function tensorArg(fn: string, v: unknown, name = 'input'): Tensor {
  if (!(v instanceof Tensor)) throw new TypeError(`${fn}: ${name} must be a Tensor, got ${describe(v)}`);
  return v;
}

/**
 * A JS number becomes a 0-d tensor of `like`'s dtype; with an int32 tensor, a number int32 cannot
 * hold (a fraction, NaN, ±Infinity, beyond ±2³¹) gives float32 instead of a wrapped value.
 */
export function scalarLike(n: number, like: DType): Tensor {
  const dtype: DType = like === 'int32' && !(Number.isInteger(n) && fitsInt32(n)) ? 'float32' : like;
  const Ctor = dtype === 'float64' ? Float64Array : dtype === 'int32' ? Int32Array : Float32Array;
  const data = new Ctor(1);
  data[0] = n;
  return new Tensor(makeView(data, [], [], 0), dtype);
}
