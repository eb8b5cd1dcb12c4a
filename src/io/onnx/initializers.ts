/**
 * onnxInitializers: a model's initializers as a state dict, from the bytes of any ModelProto
 * (raw_data or the typed repeated fields, as other exporters write them).
 */
import type { Tensor } from '../../tensor/tensor.js';
import { tensor } from '../../tensor/create.js';
import { readFields, readPackedInts, type ProtoField } from './proto.js';

/**
 * The initializers of an ONNX model by name: float → float32, double → float64, int32/int64 (and
 * the smaller integer types) → int32 (int64 values outside int32 are an error, not a wrap).
 * @example
 * model.loadStateDict(onnxInitializers(bytes));
 */
export function onnxInitializers(bytes: Uint8Array): Record<string, Tensor> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('onnxInitializers: bytes must be a Uint8Array');
  const out: Record<string, Tensor> = {};
  for (const m of readFields(bytes, 'onnxInitializers: ModelProto')) {
    if (m.field !== 7 || m.wire !== 2) continue;
    for (const g of readFields(m.value, 'onnxInitializers: GraphProto')) {
      if (g.field !== 5 || g.wire !== 2) continue;
      const [name, t] = readTensor(g.value);
      out[name] = t;
    }
  }
  return out;
}

const floatTypes: Record<number, 'float32' | 'float64'> = { 1: 'float32', 11: 'float64' };
const intTypes: Record<number, string> = { 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64' };

function readTensor(buf: Uint8Array): [string, Tensor] {
  let name = '', type = 0, raw: Uint8Array | null = null, external = false;
  const dims: number[] = [];
  const typed: ProtoField[] = [];
  for (const f of readFields(buf, 'onnxInitializers: TensorProto')) {
    if (f.field === 1) dims.push(...readPackedInts(f, 'TensorProto.dims').map(Number));
    else if (f.field === 2 && f.wire === 0) type = Number(f.value);
    else if (f.field === 8 && f.wire === 2) name = new TextDecoder().decode(f.value);
    else if (f.field === 9 && f.wire === 2) raw = f.value;
    else if (f.field === 14) external = true;
    else if (f.field === 4 || f.field === 5 || f.field === 7 || f.field === 10) typed.push(f);
  }
  const what = `onnxInitializers: '${name}'`;
  if (external) throw new TypeError(`${what} keeps its data in an external file, which this reader does not open`);
  const size = dims.reduce((p, n) => p * n, 1);
  let data: Float32Array | Float64Array | Int32Array;
  if (floatTypes[type]) {
    const dtype = floatTypes[type];
    data = dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
    const bytes = raw ?? concatPayloads(typed.filter((f) => f.field === (dtype === 'float32' ? 4 : 10)), data.BYTES_PER_ELEMENT);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length !== size * data.BYTES_PER_ELEMENT) throw new RangeError(`${what} has ${bytes.length} bytes of data for shape [${dims.join(', ')}]`);
    for (let i = 0; i < size; i++) data[i] = dtype === 'float32' ? view.getFloat32(4 * i, true) : view.getFloat64(8 * i, true);
    return [name, tensor(data, { shape: dims, dtype })];
  }
  if (!intTypes[type]) throw new TypeError(`${what} has ONNX data type ${type}, which has no tapegrad dtype (float, double and integer types are read)`);
  const values = raw ? rawInts(raw, type, size, what) : typed.filter((f) => f.field === 5 || f.field === 7).flatMap((f) => readPackedInts(f, what));
  if (values.length !== size) throw new RangeError(`${what} has ${values.length} values for shape [${dims.join(', ')}]`);
  data = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const v = Number(values[i]);
    if (v !== (v | 0)) throw new RangeError(`${what}: value ${values[i]} does not fit int32`);
    data[i] = v;
  }
  return [name, tensor(data, { shape: dims, dtype: 'int32' })];
}

function rawInts(raw: Uint8Array, type: number, size: number, what: string): bigint[] {
  const width = { 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8 }[type]!;
  if (raw.length !== size * width) throw new RangeError(`${what} has ${raw.length} bytes of data for ${size} values`);
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const read = [
    null, null, (i: number) => BigInt(v.getUint8(i)), (i: number) => BigInt(v.getInt8(i)), (i: number) => BigInt(v.getUint16(2 * i, true)),
    (i: number) => BigInt(v.getInt16(2 * i, true)), (i: number) => BigInt(v.getInt32(4 * i, true)), (i: number) => v.getBigInt64(8 * i, true),
  ][type]!;
  return Array.from({ length: size }, (_, i) => read(i));
}

/** float_data / double_data: packed fixed-width values (or one unpacked value per field). */
function concatPayloads(fields: ProtoField[], width: number): Uint8Array {
  const parts = fields.map((f) => f.value as Uint8Array);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out.length % width ? out.subarray(0, out.length - (out.length % width)) : out;
}
