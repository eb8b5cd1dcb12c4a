import ndarray, { type NdArray } from 'ndarray';
import { allocate, arrayType, dtypeOf, type DType, type TypedArray } from './dtype.js';
import { copyInto } from './kernels.js';
import { makeView } from './view.js';
import { defaultGenerator, type Generator } from './random.js';
import { rowMajorStrides, shapeStr, sizeOf } from './shape.js';
import { fromStorage, Tensor } from './tensor.js';

/** Options of the creation functions. */
export interface CreateOptions {
  /** Element type (default float32; int32 for randint). */
  dtype?: DType;
  /** Make the tensor a leaf that records gradients (float dtypes only). */
  requiresGrad?: boolean;
}
/** Numbers nested in arrays, one level per dimension (`[[1, 2], [3, 4]]`). */
export type NestedArray = number | readonly NestedArray[];

/**
 * A tensor from a number, nested arrays, a typed array (with `shape`, else 1-D) or an ndarray (its
 * view is shared). The dtype defaults to float32, or to the typed array's own type.
 */
export function tensor(
  data: NestedArray | TypedArray | NdArray | Tensor,
  opts: CreateOptions & { shape?: readonly number[] } = {},
): Tensor {
  const { requiresGrad = false } = opts;
  if (data instanceof Tensor) return tensor(data.data, { dtype: data.dtype, ...opts });
  if (ArrayBuffer.isView(data)) {
    const source = data as TypedArray;
    const shape = opts.shape ?? [source.length];
    if (sizeOf(shape) !== source.length) {
      throw new RangeError(`tensor: shape ${shapeStr(shape)} needs ${sizeOf(shape)} elements, the typed array has ${source.length}`);
    }
    const dtype = opts.dtype ?? dtypeOf(source);
    const storage = dtype === dtypeOf(source) ? source : arrayType[dtype].from(source);
    return fromStorage(storage, shape, dtype, requiresGrad);
  }
  if (isNdArray(data)) {
    const dtype = opts.dtype ?? dtypeOf(data.data as TypedArray);
    if (dtype === dtypeOf(data.data as TypedArray)) return new Tensor(data as NdArray<TypedArray>, dtype, requiresGrad);
    const out = allocate(dtype, data.size);
    copyInto(out, data as NdArray<TypedArray>);
    return fromStorage(out, data.shape, dtype, requiresGrad);
  }
  const shape = inferShape(data);
  const dtype = opts.dtype ?? 'float32';
  const out = allocate(dtype, sizeOf(shape));
  let at = 0;
  const fill = (v: NestedArray): void => {
    if (typeof v === 'number') out[at++] = v;
    else for (const x of v) fill(x);
  };
  fill(data);
  return fromStorage(out, shape, dtype, requiresGrad);
}

function isNdArray(x: unknown): x is NdArray {
  return typeof x === 'object' && x !== null && 'shape' in x && 'stride' in x && 'data' in x;
}

/** The shape of nested arrays; ragged input names the first bad index. */
function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  for (let v: NestedArray = data; Array.isArray(v); v = (v as readonly NestedArray[])[0]) shape.push((v as readonly NestedArray[]).length);
  const check = (v: NestedArray, depth: number, path: number[]): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') throw new TypeError(`tensor: ragged nested array: element [${path.join('][')}] is an array, expected a number`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      const got = Array.isArray(v) ? `has length ${v.length}` : `is ${typeof v}`;
      throw new TypeError(`tensor: ragged nested array: element [${path.join('][')}] ${got}, expected length ${shape[depth]}`);
    }
    v.forEach((x: NestedArray, i: number) => check(x, depth + 1, [...path, i]));
  };
  check(data, 0, []);
  return shape;
}

/** A tensor of the given shape filled with `value`. */
export function full(shape: readonly number[], value: number, opts: CreateOptions = {}): Tensor {
  const dtype = opts.dtype ?? 'float32';
  const data = allocate(dtype, sizeOf(shape));
  if (value !== 0) data.fill(value);
  return fromStorage(data, shape, dtype, opts.requiresGrad);
}
/** A tensor of zeros. */
export const zeros = (shape: readonly number[], opts?: CreateOptions) => full(shape, 0, opts);
/** A tensor of ones. */
export const ones = (shape: readonly number[], opts?: CreateOptions) => full(shape, 1, opts);
/** Zeros with t's shape and dtype (unless opts say otherwise). */
export const zerosLike = (t: Tensor, opts: CreateOptions = {}) => full(t.shape, 0, { dtype: t.dtype, ...opts });
/** Ones with t's shape and dtype (unless opts say otherwise). */
export const onesLike = (t: Tensor, opts: CreateOptions = {}) => full(t.shape, 1, { dtype: t.dtype, ...opts });

/** start, start + step, ... below end (arange(n) counts 0..n−1). */
export function arange(start: number, end?: number, step = 1, opts: CreateOptions = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  if (step === 0) throw new RangeError('arange: step must not be 0');
  const n = Math.max(0, Math.ceil((end - start) / step));
  return generate([n], opts, (i) => start + i * step);
}

/** n evenly spaced values from start to end inclusive. */
export function linspace(start: number, end: number, n: number, opts: CreateOptions = {}): Tensor {
  return generate([n], opts, (i) => (n === 1 ? start : start + ((end - start) * i) / (n - 1)));
}

/** The n × n identity matrix. */
export function eye(n: number, opts: CreateOptions = {}): Tensor {
  return generate([n, n], opts, (i) => (Math.floor(i / n) === i % n ? 1 : 0));
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
  const g = opts.generator ?? defaultGenerator;
  return generate(shape, opts, () => g.uniform());
}

/**
 * Standard normal values.
 * @example randn([4], { dtype: 'float64', generator: new Generator(1) })
 */
export function randn(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  const g = opts.generator ?? defaultGenerator;
  return generate(shape, opts, () => g.normal());
}

/**
 * Integers in [low, high), int32 unless another dtype is asked for.
 * @example randint(0, 10, [5], { generator: new Generator(2) })
 */
export function randint(low: number, high: number, shape: readonly number[], opts: RandomOptions = {}): Tensor {
  const g = opts.generator ?? defaultGenerator;
  return generate(shape, { dtype: 'int32', ...opts }, () => g.integer(low, high));
}

function generate(shape: readonly number[], opts: CreateOptions & { generator?: unknown }, value: (i: number) => number): Tensor {
  const dtype = opts.dtype ?? 'float32';
  const data = allocate(dtype, sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = value(i);
  return fromStorage(data, shape, dtype, opts.requiresGrad);
}

/** One-hot rows: shape [...indices.shape, numClasses], float32 unless another dtype is asked for. */
export function oneHot(indices: Tensor, numClasses: number, opts: CreateOptions = {}): Tensor {
  if (indices.dtype !== 'int32') throw new TypeError(`oneHot: indices must be int32, got ${indices.dtype}`);
  const idx = indices.contiguousData();
  const dtype = opts.dtype ?? 'float32';
  const out = allocate(dtype, idx.length * numClasses);
  for (let i = 0; i < idx.length; i++) {
    if (idx[i] < 0 || idx[i] >= numClasses) {
      throw new RangeError(`oneHot: index ${idx[i]} at position ${i} is out of range for ${numClasses} classes`);
    }
    out[i * numClasses + idx[i]] = 1;
  }
  const shape = [...indices.shape, numClasses];
  return new Tensor(makeView(out, shape, rowMajorStrides(shape), 0), dtype, opts.requiresGrad);
}
