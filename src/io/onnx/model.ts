/**
 * ONNX messages as plain objects, and their encoding (field numbers from onnx/onnx.proto).
 * Only what an exported tapegrad graph uses: tensors as raw little-endian bytes; nodes with int,
 * string, ints and tensor attributes (no float attribute: numbers go in constants of the op's
 * dtype, so float64 stays float64); value infos with fixed or symbolic dims; model-local functions.
 */
import { ProtoWriter } from './proto.js';
import type { AttrValue, OnnxDType, OnnxTensor } from '../../ops/lowering.js';

export type { OnnxDType, OnnxTensor, AttrValue } from '../../ops/lowering.js';
/** TensorProto.DataType */
export const elemType: Record<OnnxDType, number> = { float32: 1, int32: 6, int64: 7, bool: 9, float64: 11 };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, AttrValue>;
  /** '' (the default ai.onnx) or a function's domain. */
  domain?: string;
  name?: string;
}
/** A graph input or output: a fixed size, a symbolic name, or null (unknown) per dim. */
export interface ValueInfo {
  name: string;
  dtype: OnnxDType;
  dims: readonly (number | string | null)[];
}
export interface OnnxFunction {
  name: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  nodes: OnnxNode[];
  opsetImports: ReadonlyArray<readonly [string, number]>;
  docString?: string;
}
export interface OnnxModel {
  irVersion: number;
  opsetImports: ReadonlyArray<readonly [string, number]>;
  producerName: string;
  producerVersion: string;
  docString?: string;
  graph: { name: string; nodes: OnnxNode[]; inputs: ValueInfo[]; outputs: ValueInfo[]; initializers: OnnxTensor[] };
  functions: OnnxFunction[];
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The tensor's elements as little-endian bytes (TensorProto.raw_data). */
export function rawBytes(data: OnnxTensor['data']): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (littleEndian || data.BYTES_PER_ELEMENT === 1) return bytes.slice();
  const out = new Uint8Array(bytes.length), w = data.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += w) for (let k = 0; k < w; k++) out[i + k] = bytes[i + w - 1 - k];
  return out;
}

function tensorProto(t: OnnxTensor): ProtoWriter {
  const w = new ProtoWriter();
  if (t.dims.length) w.packedInts(1, t.dims);
  w.int(2, elemType[t.dtype]);
  if (t.name !== undefined) w.string(8, t.name);
  return w.bytes(9, rawBytes(t.data));
}

function attributeProto(name: string, a: AttrValue): ProtoWriter {
  const w = new ProtoWriter().string(1, name);
  if ('i' in a) return w.int(3, a.i).int(20, 2);
  if ('s' in a) return w.string(4, a.s).int(20, 3);
  if ('ints' in a) return w.packedInts(8, a.ints).int(20, 7);
  return w.message(5, tensorProto(a.t)).int(20, 4);
}

function nodeProto(n: OnnxNode): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name) w.string(3, n.name);
  w.string(4, n.op);
  for (const [k, v] of Object.entries(n.attrs ?? {})) w.message(5, attributeProto(k, v));
  if (n.domain) w.string(7, n.domain);
  return w;
}

function valueInfoProto(v: ValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.dims) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.int(1, d);
    else if (typeof d === 'string') dim.string(2, d);
    shape.message(1, dim);
  }
  const tensorType = new ProtoWriter().int(1, elemType[v.dtype]).message(2, shape);
  return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensorType));
}

const opsetId = ([domain, version]: readonly [string, number]) => new ProtoWriter().string(1, domain).int(2, version);

function functionProto(f: OnnxFunction): ProtoWriter {
  const w = new ProtoWriter().string(1, f.name);
  for (const i of f.inputs) w.string(4, i);
  for (const o of f.outputs) w.string(5, o);
  for (const n of f.nodes) w.message(7, nodeProto(n));
  if (f.docString) w.string(8, f.docString);
  for (const o of f.opsetImports) w.message(9, opsetId(o));
  return w.string(10, f.domain);
}

/** The ModelProto bytes. */
export function encodeModel(m: OnnxModel): Uint8Array {
  const g = new ProtoWriter();
  for (const n of m.graph.nodes) g.message(1, nodeProto(n));
  g.string(2, m.graph.name);
  for (const t of m.graph.initializers) g.message(5, tensorProto(t));
  for (const v of m.graph.inputs) g.message(11, valueInfoProto(v));
  for (const v of m.graph.outputs) g.message(12, valueInfoProto(v));
  const w = new ProtoWriter().int(1, m.irVersion).string(2, m.producerName).string(3, m.producerVersion);
  if (m.docString) w.string(6, m.docString);
  w.message(7, g);
  for (const o of m.opsetImports) w.message(8, opsetId(o));
  for (const f of m.functions) w.message(25, functionProto(f));
  return w.finish();
}
