/**
 * The safetensors format (Hugging Face; PyTorch and JAX read and write it), on bytes:
 *
 *   [8 bytes: N, unsigned little-endian] [N bytes: JSON header] [data]
 *
 * The header maps each tensor name to `{ "dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end] }`
 * (byte offsets into the data section, end exclusive) and may hold `"__metadata__"`, a map of
 * strings to strings. Values are little-endian and row-major; the tensors tile the data section
 * with no gap and no overlap.
 */
import { fromStorage, Tensor } from '../tensor/tensor.js';
import { describe } from '../tensor/options.js';
import type { DType, TypedArray } from '../tensor/dtype.js';
import { MAX_DIMS, shapeStr, sizeOf } from '../tensor/shape.js';
import { checkOptions } from '../tensor/options.js';
import { asBytes, bfloat16ToNumber, bytesPerElement, halfToNumber, readLE, writeLE } from './bytes.js';

const dtypeCode = { float32: 'F32', float64: 'F64', int32: 'I32' } as const satisfies Record<DType, string>;

/**
 * Element types read from a file: the three native ones as they are, the others widened exactly
 * into float32 (F16, BF16) or int32 (integers and BOOL; I64/U32/U64 only when every value fits).
 */
const readable: Record<string, { bytes: number; to: DType }> = {
  F64: { bytes: 8, to: 'float64' }, F32: { bytes: 4, to: 'float32' }, I32: { bytes: 4, to: 'int32' },
  F16: { bytes: 2, to: 'float32' }, BF16: { bytes: 2, to: 'float32' },
  I64: { bytes: 8, to: 'int32' }, U64: { bytes: 8, to: 'int32' }, U32: { bytes: 4, to: 'int32' },
  I16: { bytes: 2, to: 'int32' }, U16: { bytes: 2, to: 'int32' }, I8: { bytes: 1, to: 'int32' },
  U8: { bytes: 1, to: 'int32' }, BOOL: { bytes: 1, to: 'int32' },
};

export interface SafetensorsFile {
  tensors: Record<string, Tensor>;
  /** The header's `__metadata__` (empty when the file has none). */
  metadata: Record<string, string>;
}

/** Options of encodeSafetensors. */
export interface EncodeSafetensorsOptions {
  /**
   * Write int32 tensors as I64, PyTorch's integer type (a BatchNorm's num_batches_tracked is int64
   * in PyTorch's state dicts): true for every int32 tensor, or the names of those to widen.
   */
  int64?: boolean | readonly string[];
}

/**
 * Encodes named tensors as a safetensors file. Tensors are laid out in the dict's key order;
 * `__metadata__` (when given) comes first in the header, and the header is padded with spaces to
 * a multiple of 8 bytes so that the data section starts 8-byte aligned. int32 tensors are I32, or
 * I64 with `int64` (exact: every int32 is an int64).
 * @example encodeSafetensors({ weight: tensor([[1, 2]]) }, { format: 'pt' }) // Uint8Array
 */
export function encodeSafetensors(tensors: Record<string, Tensor>, metadata?: Record<string, string>, opts: EncodeSafetensorsOptions = {}): Uint8Array {
  if (typeof tensors !== 'object' || tensors === null || Array.isArray(tensors) || tensors instanceof Tensor) {
    throw new TypeError(`encodeSafetensors: tensors must be an object of named Tensors, got ${describe(tensors)}`);
  }
  checkOptions('encodeSafetensors', opts, { int64: { want: 'true, false or a list of tensor names', ok: (v) => typeof v === 'boolean' || (Array.isArray(v) && v.every((n) => typeof n === 'string')) } });
  const wide = (name: string, t: Tensor) => t.dtype === 'int32' && (opts.int64 === true || (Array.isArray(opts.int64) && opts.int64.includes(name)));
  const header: Record<string, unknown> = Object.create(null);
  if (metadata !== undefined) {
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      throw new TypeError(`encodeSafetensors: metadata must be an object of strings, got ${describe(metadata)}`);
    }
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new TypeError(`encodeSafetensors: metadata '${k}' must be a string, got ${typeof v}`);
      if (k === '__proto__') throw new RangeError(`encodeSafetensors: metadata key '__proto__' is refused (it would change a decoded object's prototype)`);
    }
    header['__metadata__'] = metadata;
  }
  const entries = Object.entries(tensors);
  let offset = 0;
  for (const [name, t] of entries) {
    if (name === '__metadata__') throw new RangeError('encodeSafetensors: "__metadata__" is reserved and cannot name a tensor');
    if (name === '__proto__') throw new RangeError(`encodeSafetensors: the tensor name '__proto__' is refused (it would change a decoded object's prototype)`);
    if (!(t instanceof Tensor)) throw new TypeError(`encodeSafetensors: tensors['${name}'] must be a Tensor, got ${describe(t)}`);
    const size = t.size * (wide(name, t) ? 8 : bytesPerElement[t.dtype]);
    header[name] = { dtype: wide(name, t) ? 'I64' : dtypeCode[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + size] };
    offset += size;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  const view = new DataView(out.buffer);
  for (const [name, t] of entries) {
    const data = t.contiguousData();
    if (wide(name, t)) {
      for (let i = 0; i < data.length; i++) view.setBigInt64(at + 8 * i, BigInt(data[i]!), true);
      at += 8 * data.length;
    } else {
      writeLE(data, out, at);
      at += data.byteLength;
    }
  }
  return out;
}

/**
 * Decodes a safetensors file. Checks the header against the format (sizes that match the shapes,
 * offsets inside the data that tile it exactly) and names the tensor at fault. F32, F64 and I32
 * keep their type; F16/BF16 become float32 and the other integer types int32 (see `readable`);
 * F8 types are refused with an error.
 */
export function decodeSafetensors(input: Uint8Array | ArrayBuffer | ArrayBufferView): SafetensorsFile {
  const fail = (msg: string): never => { throw new RangeError(`decodeSafetensors: ${msg}`); };
  const bytes = asBytes('decodeSafetensors', input);
  if (bytes.length < 8) fail(`a file needs at least 8 bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > bytes.length - 8) fail(`the header length ${n} runs past the end of the ${bytes.length}-byte file`);
  let header: unknown, text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
    header = JSON.parse(text);
  } catch (e) {
    return fail(`the header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return fail('the header must be a JSON object');
  const names = topLevelKeys(text);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) fail(`the header names '${name}' twice (the format forbids duplicate names)`);
    seen.add(name);
    if (name === '__proto__') fail(`the name '__proto__' is refused (it would change the result's prototype)`);
  }
  const dataStart = 8 + n, dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const spans: Array<[number, number, string]> = [];
  const tensors: Record<string, Tensor> = Object.create(null);
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof info !== 'object' || info === null || Array.isArray(info)) fail('__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(info as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__ '${k}' must be a string`);
        if (k === '__proto__') fail(`__metadata__ key '__proto__' is refused (it would change the result's prototype)`);
        metadata[k] = v as string;
      }
      continue;
    }
    const { dtype, shape, data_offsets: offsets } = (info ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const kind = typeof dtype === 'string' && Object.hasOwn(readable, dtype) ? readable[dtype] : undefined;
    if (!kind) {
      fail(`tensor '${name}' has dtype ${JSON.stringify(dtype)}; tapegrad reads F64, F32, I32, F16, BF16, I64, U64, U32, I16, U16, I8, U8 and BOOL`);
    }
    if (Array.isArray(shape) && shape.length > MAX_DIMS) fail(`tensor '${name}' has ${shape.length} dims; tapegrad (like PyTorch) allows at most ${MAX_DIMS}`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) fail(`tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      fail(`tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    const count = sizeOf(shape as number[]);
    if (end - begin !== count * kind!.bytes) {
      fail(`tensor '${name}' of dtype ${dtype} and shape ${shapeStr(shape as number[])} needs ${count * kind!.bytes} bytes, its data_offsets [${begin}, ${end}] span ${end - begin}`);
    }
    if (end > dataLength) fail(`tensor '${name}' ends at byte ${end}, past the ${dataLength}-byte data section`);
    spans.push([begin, end, name]);
    const values = readValues(bytes, dataStart + begin, count, dtype as string, name);
    tensors[name] = fromStorage(values, shape as number[], kind!.to);
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let covered = 0;
  for (const [begin, end, name] of spans) {
    if (begin !== covered) fail(begin > covered ? `bytes ${covered}..${begin} of the data section belong to no tensor (before '${name}')` : `tensor '${name}' overlaps the tensor before it`);
    covered = end;
  }
  if (covered !== dataLength) fail(`the data section has ${dataLength - covered} bytes after the last tensor`);
  return { tensors, metadata };
}

/**
 * The keys of the top-level object of a JSON text that JSON.parse accepted, in order, duplicates
 * kept (JSON.parse keeps only the last of each): a walk that skips strings and nested values.
 */
function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      let k = j + 1;
      while (text[k] === ' ' || text[k] === '\t' || text[k] === '\n' || text[k] === '\r') k++;
      if (depth === 1 && text[k] === ':') keys.push(JSON.parse(text.slice(i, j + 1)) as string);
      i = j;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return keys;
}

function readValues(bytes: Uint8Array, at: number, count: number, code: string, name: string): TypedArray {
  if (code === 'F32') return readLE(bytes, at, count, 'float32');
  if (code === 'F64') return readLE(bytes, at, count, 'float64');
  if (code === 'I32') return readLE(bytes, at, count, 'int32');
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, count * readable[code]!.bytes);
  if (code === 'F16' || code === 'BF16') {
    const out = new Float32Array(count);
    const scratch = new DataView(new ArrayBuffer(4));
    for (let i = 0; i < count; i++) {
      const h = view.getUint16(2 * i, true);
      out[i] = code === 'F16' ? halfToNumber(h) : bfloat16ToNumber(h, scratch);
    }
    return out;
  }
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const v = readInteger(view, i, code, name);
    if (v < -(2 ** 31) || v >= 2 ** 31) {
      throw new RangeError(`decodeSafetensors: tensor '${name}' (${code}) holds ${v} at element ${i}, outside the int32 range tapegrad stores integers in`);
    }
    out[i] = v;
  }
  return out;
}

const safe = BigInt(Number.MAX_SAFE_INTEGER);
/** A 64-bit integer as a number, refused beyond ±(2^53 − 1), where numbers stop being exact. */
function exact(v: bigint, code: string, i: number, name: string): number {
  if (v > safe || v < -safe) throw new RangeError(`decodeSafetensors: tensor '${name}' (${code}) holds ${v} at element ${i}, beyond ±(2^53 − 1): a JS number cannot hold it exactly`);
  return Number(v);
}

function readInteger(view: DataView, i: number, code: string, name: string): number {
  switch (code) {
    case 'I64': return exact(view.getBigInt64(8 * i, true), code, i, name);
    case 'U64': return exact(view.getBigUint64(8 * i, true), code, i, name);
    case 'U32': return view.getUint32(4 * i, true);
    case 'I16': return view.getInt16(2 * i, true);
    case 'U16': return view.getUint16(2 * i, true);
    case 'I8': return view.getInt8(i);
    default: return view.getUint8(i); // U8, BOOL
  }
}
