import type { DType, TypedArray } from '../tensor/dtype.js';
import { arrayType } from '../tensor/dtype.js';

/** Both file formats store little-endian values; typed arrays use the host's byte order. */
export const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export const bytesPerElement: Record<DType, number> = { float32: 4, float64: 8, int32: 4 };

/** The little-endian bytes of `values`, written into `out` at `at`. */
export function writeLE(values: TypedArray, out: Uint8Array, at: number): void {
  if (hostIsLittleEndian) out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), at);
  else writeLEPortable(values, out, at);
}

/** @internal writeLE element by element through a DataView, for big-endian hosts. */
export function writeLEPortable(values: TypedArray, out: Uint8Array, at: number): void {
  const view = new DataView(out.buffer, out.byteOffset + at, values.byteLength);
  const n = values.length;
  if (values instanceof Float64Array) for (let i = 0; i < n; i++) view.setFloat64(i * 8, values[i]!, true);
  else if (values instanceof Float32Array) for (let i = 0; i < n; i++) view.setFloat32(i * 4, values[i]!, true);
  else for (let i = 0; i < n; i++) view.setInt32(i * 4, values[i]!, true);
}

/** `count` little-endian values of `dtype` read from `bytes` at `at`, into a fresh typed array. */
export function readLE(bytes: Uint8Array, at: number, count: number, dtype: DType): TypedArray {
  if (!hostIsLittleEndian) return readLEPortable(bytes, at, count, dtype);
  // A fresh copy (a Node Buffer's slice() would be a view into a shared pool).
  const copy = new Uint8Array(count * bytesPerElement[dtype]);
  copy.set(bytes.subarray(at, at + copy.length));
  return new arrayType[dtype](copy.buffer, 0, count);
}

/** @internal readLE element by element through a DataView, for big-endian hosts. */
export function readLEPortable(bytes: Uint8Array, at: number, count: number, dtype: DType): TypedArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, count * bytesPerElement[dtype]);
  const out = new arrayType[dtype](count);
  if (dtype === 'float64') for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true);
  else if (dtype === 'float32') for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
  else for (let i = 0; i < count; i++) out[i] = view.getInt32(i * 4, true);
  return out;
}

/** IEEE half precision to a number (exact: every half is a float32). */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f, frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** bfloat16 is the top half of a float32. */
export function bfloat16ToNumber(b: number, scratch: DataView): number {
  scratch.setUint32(0, b << 16);
  return scratch.getFloat32(0);
}

/**
 * The bytes of `input` as a Uint8Array over the same memory (no copy): a Uint8Array as it is, an
 * ArrayBuffer (what `fetch().arrayBuffer()` gives) or SharedArrayBuffer wrapped, any other
 * ArrayBufferView (a Node Buffer, a DataView, a Float32Array, ...) read as its bytes.
 */
export function asBytes(fn: string, input: unknown): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && input instanceof SharedArrayBuffer)) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const got = input === null ? 'null' : typeof input === 'object' ? `an object (${Object.prototype.toString.call(input).slice(8, -1)})` : typeof input;
  throw new TypeError(`${fn}: expected the file's bytes as a Uint8Array, an ArrayBuffer or another ArrayBufferView, got ${got}`);
}
