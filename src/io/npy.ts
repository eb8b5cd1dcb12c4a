/**
 * NumPy's .npy format (version 1.0; 2.0 and 3.0 are read too), on bytes:
 *
 *   "\x93NUMPY" [major, minor] [header length: uint16 LE (uint32 from 2.0)] [header] [data]
 *
 * The header is a Python dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`
 * padded with spaces and a final newline so that the data starts on a 64-byte boundary.
 */
import { fromStorage, type Tensor } from '../tensor/tensor.js';
import { arrayType, type DType, type TypedArray } from '../tensor/dtype.js';
import { MAX_DIMS, sizeOf } from '../tensor/shape.js';
import { asBytes, halfToNumber, readLE, writeLE } from './bytes.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;
/** NumPy ≥ 1.23 leaves room to grow the first axis' length in place up to 21 digits. */
const GROWTH_AXIS_MAX_DIGITS = 21;
const descrOf = { float32: '<f4', float64: '<f8', int32: '<i4' } as const satisfies Record<DType, string>;

/**
 * The .npy bytes of `t`, identical to what `numpy.save` (NumPy 1.24) writes for the same array:
 * C order, little-endian `<f4`, `<f8` or `<i4`.
 */
export function encodeNpy(t: Tensor): Uint8Array {
  const shape = t.shape;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descrOf[t.dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  if (shape.length > 0) header += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
  let version = 1, prefix = 10;
  if (header.length + 1 + prefix > 0xffff) [version, prefix] = [2, 12];
  const padding = ALIGN - ((prefix + header.length + 1) % ALIGN);
  const headerLength = header.length + padding + 1;
  const data = t.contiguousData();
  const out = new Uint8Array(prefix + headerLength + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, headerLength, true);
  else view.setUint32(8, headerLength, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  out.fill(0x20, prefix + header.length, prefix + headerLength - 1);
  out[prefix + headerLength - 1] = 0x0a;
  writeLE(data, out, prefix + headerLength);
  return out;
}

/** Element types read: native ones kept; f2 widened to float32; bool/(u)int8/16, u4, (u)i8 to int32. */
const kinds: Record<string, { bytes: number; to: DType }> = {
  f8: { bytes: 8, to: 'float64' }, f4: { bytes: 4, to: 'float32' }, i4: { bytes: 4, to: 'int32' },
  f2: { bytes: 2, to: 'float32' }, i8: { bytes: 8, to: 'int32' }, u8: { bytes: 8, to: 'int32' },
  u4: { bytes: 4, to: 'int32' }, i2: { bytes: 2, to: 'int32' }, u2: { bytes: 2, to: 'int32' },
  i1: { bytes: 1, to: 'int32' }, u1: { bytes: 1, to: 'int32' }, b1: { bytes: 1, to: 'int32' },
};

/**
 * A tensor from .npy bytes. Reads C- and Fortran-order arrays (the latter are returned as a
 * row-major copy), either byte order, and the types in `kinds`; object arrays, structured
 * dtypes, complex and strings are refused with an error naming the descr.
 */
export function decodeNpy(input: Uint8Array | ArrayBuffer | ArrayBufferView): Tensor {
  const fail = (msg: string): never => { throw new RangeError(`decodeNpy: ${msg}`); };
  const bytes = asBytes('decodeNpy', input);
  if (bytes.length < 8 || !MAGIC.every((b, i) => bytes[i] === b)) fail('not a .npy file (it does not start with "\\x93NUMPY")');
  const version = bytes[6]!;
  if (version < 1 || version > 3) fail(`unsupported format version ${version}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = version === 1 ? 10 : 12;
  if (bytes.length < prefix) fail(`a version ${version} file needs ${prefix} bytes before its header, got ${bytes.length}`);
  const headerLength = version === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (prefix + headerLength > bytes.length) fail(`the header length ${headerLength} runs past the end of the ${bytes.length}-byte file`);
  let header: string;
  try {
    header = new TextDecoder(version === 3 ? 'utf-8' : 'latin1', { fatal: true }).decode(bytes.subarray(prefix, prefix + headerLength));
  } catch {
    return fail('the version 3 header is not valid UTF-8');
  }
  const fields = headerFields(header);
  if (typeof fields === 'string') return fail(`cannot parse the header (${fields}): ${JSON.stringify(header.trim().slice(0, 200))}`);
  const { descr, fortran_order: fortran, shape: shapeText } = fields;
  const dims = shapeText.split(',').map((s) => s.trim());
  if (dims.at(-1) === '') dims.pop(); // the trailing comma of (3,) and of ()
  if (dims.length > MAX_DIMS) fail(`the shape has ${dims.length} dims; tapegrad (like PyTorch) allows at most ${MAX_DIMS}`);
  if (!dims.every((d) => /^\d{1,15}$/.test(d))) fail(`invalid shape (${shapeText.slice(0, 200)})`);
  const shape = dims.map(Number);
  const order = descr[0], code = descr.slice(1);
  const kind = Object.hasOwn(kinds, code) ? kinds[code] : undefined;
  if (!kind || !'<>|='.includes(order!)) return fail(`dtype '${descr.slice(0, 40)}' is not supported (tapegrad reads f8, f4, f2, i8, u8, i4, u4, i2, u2, i1, u1 and b1)`);
  const count = sizeOf(shape);
  const start = prefix + headerLength;
  if (bytes.length - start < count * kind.bytes) fail(`shape (${shapeText}) of '${descr}' needs ${count * kind.bytes} bytes of data, the file has ${bytes.length - start}`);
  const little = order !== '>';
  const values = readValues(bytes, start, count, code, kind.to, little);
  if (fortran === 'False' || shape.length < 2) return fromStorage(values, shape, kind.to);
  // Fortran order is row-major data of the reversed shape; reversing the axes gives the array.
  const reversed = fromStorage(values, [...shape].reverse(), kind.to);
  return reversed.permute(shape.map((_, i) => shape.length - 1 - i)).contiguous();
}

/** One `'key': value` entry of the header dict: a string, a bool or a tuple of ints. */
const ENTRY = /\s*'(\w+)'\s*:\s*(?:'([^'\\]*)'|(True|False)|\(([^)]*)\))\s*(,|(?=\}))/y;

/**
 * The three fields of a header dict `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`,
 * in any order, each exactly once and nothing else (NumPy refuses other keys; a repeated key, which
 * NumPy reads as its last value, is refused too), or what is wrong with it. `shape` is the text
 * inside the parentheses.
 */
function headerFields(header: string): { descr: string; fortran_order: string; shape: string } | string {
  const text = header.trimEnd();
  if (!text.startsWith('{') || !text.endsWith('}')) return 'expected a dict literal';
  const found: Record<string, string> = Object.create(null);
  const kinds: Record<string, 2 | 3 | 4> = { descr: 2, fortran_order: 3, shape: 4 };
  ENTRY.lastIndex = 1;
  while (!/^\s*\}$/.test(text.slice(ENTRY.lastIndex))) {
    const m = ENTRY.exec(text);
    if (!m) return `cannot parse the entry at character ${ENTRY.lastIndex}`;
    const key = m[1]!;
    if (!Object.hasOwn(kinds, key)) return `unexpected key '${key}' (a .npy header has descr, fortran_order and shape)`;
    if (key in found) return `key '${key}' appears twice`;
    const value = m[kinds[key]!];
    if (value === undefined) return `'${key}' has a value of the wrong kind`;
    found[key] = value;
  }
  const missing = Object.keys(kinds).find((k) => !(k in found));
  if (missing) return `the key '${missing}' is missing`;
  return found as { descr: string; fortran_order: string; shape: string };
}

function readValues(bytes: Uint8Array, at: number, count: number, code: string, to: DType, little: boolean): TypedArray {
  if (little && (code === 'f8' || code === 'f4' || code === 'i4')) return readLE(bytes, at, count, to);
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, count * kinds[code]!.bytes);
  const out = new arrayType[to](count);
  for (let i = 0; i < count; i++) {
    let v: number;
    switch (code) {
      case 'f8': v = view.getFloat64(8 * i, little); break;
      case 'f4': v = view.getFloat32(4 * i, little); break;
      case 'f2': v = halfToNumber(view.getUint16(2 * i, little)); break;
      case 'i8': v = Number(view.getBigInt64(8 * i, little)); break;
      case 'u8': v = Number(view.getBigUint64(8 * i, little)); break;
      case 'i4': v = view.getInt32(4 * i, little); break;
      case 'u4': v = view.getUint32(4 * i, little); break;
      case 'i2': v = view.getInt16(2 * i, little); break;
      case 'u2': v = view.getUint16(2 * i, little); break;
      case 'i1': v = view.getInt8(i); break;
      default: v = view.getUint8(i); // u1, b1
    }
    if (to === 'int32' && (v < -(2 ** 31) || v >= 2 ** 31)) {
      throw new RangeError(`decodeNpy: element ${i} (${v}) of the '${code}' array is outside the int32 range tapegrad stores integers in`);
    }
    out[i] = v;
  }
  return out;
}
