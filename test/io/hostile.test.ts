// Issue 23: hostile bytes. Each case was a prototype change, a bare RangeError/TypeError from
// DataView or a property lookup, or seconds of work on a 2 KB file before.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fromJSON, io, tensor, type Tensor } from '../../src/index.js';

/** A safetensors file with the given header text and data bytes. */
function safetensorsOf(headerText: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}
/** A .npy file (version 1 unless given) with the given header text and data bytes. */
function npyOf(headerText: string, data: Uint8Array = new Uint8Array(0), version = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  const head = new TextEncoder().encode(headerText);
  const out = new Uint8Array(prefix + head.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, head.length, true);
  else view.setUint32(8, head.length, true);
  out.set(head, prefix);
  out.set(data, prefix + head.length);
  return out;
}
const throwsNamed = (f: () => unknown, fn: string, re: RegExp) =>
  assert.throws(f, (e: Error) => e.message.startsWith(`${fn}: `) && re.test(e.message), `${fn} ${re}`);

test('decodeSafetensors: a tensor named __proto__ is refused, and the result has no prototype to change', () => {
  const bytes = safetensorsOf('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', new Uint8Array(4));
  throwsNamed(() => io.decodeSafetensors(bytes), 'decodeSafetensors', /'__proto__'/);
  const ok = io.decodeSafetensors(io.encodeSafetensors({ constructor: tensor([1]), toString: tensor([2]) }));
  assert.is(Object.getPrototypeOf(ok.tensors), null);
  assert.equal(Object.keys(ok.tensors), ['constructor', 'toString']);
  assert.equal(ok.tensors['toString']!.toArray(), [2]);
  const meta = safetensorsOf('{"__metadata__":{"__proto__":"x"}}');
  throwsNamed(() => io.decodeSafetensors(meta), 'decodeSafetensors', /__metadata__ key '__proto__'/);
});

test('decodeSafetensors: duplicate tensor names are refused naming the key (JSON.parse kept the last)', () => {
  const t = '{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';
  throwsNamed(() => io.decodeSafetensors(safetensorsOf(`{"w":${t}, "w" :${t}}`, new Uint8Array(4))), 'decodeSafetensors', /names 'w' twice/);
  // the same name in nested objects, or as a string value, is not a duplicate tensor name
  const ok = safetensorsOf(`{"__metadata__":{"w":"w"},"w":${t}}`, new Uint8Array(4));
  assert.equal(Object.keys(io.decodeSafetensors(ok).tensors), ['w']);
  throwsNamed(() => io.decodeSafetensors(safetensorsOf(`{"a\\"b":${t},"a\\u0022b":${t}}`, new Uint8Array(4))), 'decodeSafetensors', /names 'a"b' twice/);
});

test('encodeSafetensors: __proto__ and non-Tensor values are refused naming the function and the key', () => {
  const dict = JSON.parse('{"__proto__": 1}') as Record<string, Tensor>; // an own property
  dict['__proto__'] = tensor([1]);
  throwsNamed(() => io.encodeSafetensors(dict), 'encodeSafetensors', /'__proto__'/);
  throwsNamed(() => io.encodeSafetensors({ w: [1, 2] as unknown as Tensor }), 'encodeSafetensors', /tensors\['w'\] must be a Tensor, got \[1, 2\]/);
  throwsNamed(() => io.encodeSafetensors({ w: null as unknown as Tensor }), 'encodeSafetensors', /tensors\['w'\]/);
  throwsNamed(() => io.encodeSafetensors(null as unknown as Record<string, Tensor>), 'encodeSafetensors', /tensors must be an object/);
  throwsNamed(() => io.encodeSafetensors({}, 'x' as unknown as Record<string, string>), 'encodeSafetensors', /metadata must be an object/);
});

test('the decoders and fromJSON refuse more than 64 dims before building anything (a 2 KB file took seconds)', () => {
  const ones = (n: number) => Array(n).fill(1);
  const started = performance.now();
  throwsNamed(() => io.decodeSafetensors(safetensorsOf(`{"w":{"dtype":"F32","shape":[${ones(1000)}],"data_offsets":[0,4]}}`, new Uint8Array(4))), 'decodeSafetensors', /1000 dims.*at most 64/);
  throwsNamed(() => io.decodeNpy(npyOf(`{'descr': '<f4', 'fortran_order': False, 'shape': (${ones(5000).join(', ')}), }\n`, new Uint8Array(4))), 'decodeNpy', /5000 dims.*at most 64/);
  throwsNamed(() => fromJSON({ dtype: 'float32', shape: ones(1000), data: [1] }), 'fromJSON', /1000 dims.*at most 64/);
  assert.ok(performance.now() - started < 2000, `${performance.now() - started} ms`);
  // 64 is still fine
  assert.equal(io.decodeNpy(io.encodeNpy(tensor([5]).reshape(ones(64)))).shape, ones(64));
  assert.equal(fromJSON({ dtype: 'float32', shape: ones(64), data: [1] }).size, 1);
});

test('the decoders take an ArrayBuffer and any ArrayBufferView, and name the expected types otherwise', () => {
  const t = tensor([[1, 2], [3, 4]]);
  for (const [fn, bytes, decode] of [
    ['decodeSafetensors', io.encodeSafetensors({ t }), (b: never) => io.decodeSafetensors(b).tensors['t']!],
    ['decodeNpy', io.encodeNpy(t), (b: never) => io.decodeNpy(b)],
  ] as const) {
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes, 8);
    const buffer = bytes.slice().buffer;
    const inputs = [buffer, new DataView(padded.buffer, 8), Buffer.from(bytes), new Uint8Array(padded.buffer, 8)];
    for (const input of inputs) assert.equal(decode(input as never).toArray(), [[1, 2], [3, 4]], `${fn} ${input.constructor.name}`);
    if (bytes.length % 4 === 0) assert.equal(decode(new Float32Array(buffer) as never).toArray(), [[1, 2], [3, 4]]);
    for (const bad of ['bytes', [1, 2], null, undefined, 7, {}]) throwsNamed(() => decode(bad as never), fn, /Uint8Array, an ArrayBuffer or another ArrayBufferView/);
  }
});

test('decodeNpy: a version-2 file cut at 10 bytes, and descr values that name Object.prototype members', () => {
  const v2 = npyOf("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }\n", new Uint8Array(4), 2);
  assert.equal(io.decodeNpy(v2).toArray(), [0]);
  for (let cut = 0; cut < v2.length; cut++) {
    assert.throws(() => io.decodeNpy(v2.subarray(0, cut)), (e: Error) => e.message.startsWith('decodeNpy: '), `cut at ${cut}`);
  }
  for (const descr of ['<toString', '<constructor', '<__proto__', '<hasOwnProperty', '', '<']) {
    throwsNamed(() => io.decodeNpy(npyOf(`{'descr': '${descr}', 'fortran_order': False, 'shape': (1,), }\n`, new Uint8Array(8))), 'decodeNpy', /is not supported/);
  }
  for (const shape of ['(1e3,)', '(-1,)', '(0x10,)', '(1.5,)', '(,)', '(1,,2)']) {
    throwsNamed(() => io.decodeNpy(npyOf(`{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }\n`, new Uint8Array(4096))), 'decodeNpy', /invalid shape/);
  }
  const v3 = npyOf("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }\n", new Uint8Array(4), 3);
  v3[20] = 0xff; // not UTF-8
  throwsNamed(() => io.decodeNpy(v3), 'decodeNpy', /UTF-8/);
});

test('decodeNpy: the header dict has exactly descr, fortran_order and shape, each once (a repeat was read as its first value)', () => {
  const data = new Uint8Array(8);
  const ok = (h: string) => io.decodeNpy(npyOf(`${h}\n`, data));
  assert.equal(ok("{'shape': (2,), 'fortran_order': False, 'descr': '<f4'}").shape, [2]);
  assert.equal(ok("{'descr':'<f8','fortran_order':False,'shape':()}").shape, []);
  for (const [h, re] of [
    ["{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", /key 'descr' appears twice/],
    ["{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", /cannot parse the entry|unexpected key 'extra'/],
    ["{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': True}", /unexpected key 'extra'/],
    ["{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", /cannot parse the entry/],
    ["{'descr': True, 'fortran_order': False, 'shape': (1,)}", /'descr' has a value of the wrong kind/],
    ["{'descr': '<f4', 'shape': (1,)}", /the key 'fortran_order' is missing/],
    ["'descr': '<f4', 'fortran_order': False, 'shape': (1,)", /expected a dict literal/],
    ["{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} trailing", /expected a dict literal/],
  ] as const) {
    throwsNamed(() => ok(h), 'decodeNpy', re);
  }
});

test('decodeSafetensors: dtype names that are Object.prototype members are refused as dtypes', () => {
  for (const dtype of ['toString', 'constructor', '__proto__', 'valueOf']) {
    throwsNamed(() => io.decodeSafetensors(safetensorsOf(`{"w":{"dtype":"${dtype}","shape":[1],"data_offsets":[0,4]}}`, new Uint8Array(4))), 'decodeSafetensors', /has dtype/);
  }
});

test('fromJSON: text that is not JSON is an error naming fromJSON', () => {
  throwsNamed(() => fromJSON('{"dtype": '), 'fromJSON', /not valid JSON/);
});

test.run();
