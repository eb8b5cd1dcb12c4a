import { arrayType } from './dtype.js';
import { MAX_DIMS, shapeStr, sizeOf } from './shape.js';
import { fromStorage, Tensor } from './tensor.js';
import type { JSONSpecial, TensorJSON } from './json.js';

const specials: Record<JSONSpecial, number> = { NaN, Infinity, '-Infinity': -Infinity, '-0': -0 };

/**
 * A tensor from its JSON form (an object, or the JSON text). Checks the dtype, that the shape is
 * a list of at most 64 non-negative integers, that `data` has exactly as many values as the shape needs, and
 * that int32 values are integers in range.
 * @example fromJSON({ dtype: 'float32', shape: [2], data: [1, 'NaN'] }) // tensor [1, NaN]
 */
export function fromJSON(json: TensorJSON | string): Tensor {
  let obj: unknown = json;
  if (typeof json === 'string') {
    try {
      obj = JSON.parse(json);
    } catch (e) {
      throw new SyntaxError(`fromJSON: the text is not valid JSON (${(e as Error).message})`);
    }
  }
  if (typeof obj !== 'object' || obj === null) throw new TypeError('fromJSON: expected an object { dtype, shape, data }');
  const { dtype, shape, data } = obj as Record<string, unknown>;
  if (dtype !== 'float32' && dtype !== 'float64' && dtype !== 'int32') {
    throw new TypeError(`fromJSON: dtype must be 'float32', 'float64' or 'int32', got ${JSON.stringify(dtype)}`);
  }
  if (Array.isArray(shape) && shape.length > MAX_DIMS) {
    throw new RangeError(`fromJSON: shape has ${shape.length} dims; tapegrad (like PyTorch) allows at most ${MAX_DIMS}`);
  }
  if (!Array.isArray(shape) || !shape.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new TypeError(`fromJSON: shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  if (!Array.isArray(data) || data.length !== sizeOf(shape)) {
    const got = Array.isArray(data) ? `${data.length} values` : typeof data;
    throw new RangeError(`fromJSON: shape ${shapeStr(shape)} needs ${sizeOf(shape)} values in data, got ${got}`);
  }
  const out = new arrayType[dtype](data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    const x = typeof v === 'number' ? v : Object.hasOwn(specials, v as string) ? specials[v as JSONSpecial] : undefined;
    if (x === undefined) throw new TypeError(`fromJSON: data[${i}] must be a number or "NaN"/"Infinity"/"-Infinity"/"-0", got ${JSON.stringify(v)}`);
    if (dtype === 'int32' && !(Number.isInteger(x) && x >= -(2 ** 31) && x < 2 ** 31)) {
      throw new RangeError(`fromJSON: data[${i}] = ${x} is not an int32`);
    }
    out[i] = x;
  }
  return fromStorage(out, shape, dtype);
}

/** True for an object shaped like a tensor's JSON form (it has dtype, shape and data). */
export function isTensorJSON(v: unknown): v is TensorJSON {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tensor) && 'dtype' in v && 'shape' in v && 'data' in v;
}

/**
 * A state-dict entry as a Tensor: a Tensor as it is, a tensor's JSON form (what
 * `JSON.parse(JSON.stringify(stateDict))` gives) through fromJSON. Anything else is a TypeError
 * naming the function and the key.
 */
export function stateEntry(fn: string, key: string, value: unknown): Tensor {
  if (value instanceof Tensor) return value;
  if (!isTensorJSON(value)) {
    throw new TypeError(`${fn}: '${key}' must be a Tensor or a tensor's JSON form { dtype, shape, data } (which fromJSON reads), got ${value === undefined ? 'undefined' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  try {
    return fromJSON(value);
  } catch (err) {
    throw new TypeError(`${fn}: '${key}' looks like a tensor's JSON form but is not one (${(err as Error).message})`);
  }
}

/** A whole state dict through stateEntry: every value a Tensor (JSON forms read), or a TypeError naming fn and the key. */
export function readStateDict(fn: string, dict: unknown): Record<string, Tensor> {
  if (typeof dict !== 'object' || dict === null || Array.isArray(dict) || dict instanceof Tensor) {
    throw new TypeError(`${fn}: expected a dict of named tensors, got ${dict === null ? 'null' : Array.isArray(dict) ? 'an array' : dict instanceof Tensor ? 'a Tensor' : typeof dict}`);
  }
  return Object.fromEntries(Object.entries(dict).map(([k, v]) => [k, stateEntry(fn, k, v)]));
}
