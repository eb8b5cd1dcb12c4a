import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromJSON, io, tensor, zeros, type Tensor, type TensorJSON } from '../../src/index.js';
import { load, loadSafetensors, save } from '../../src/node.js';
import { readLE, readLEPortable, writeLE, writeLEPortable } from '../../src/io/bytes.js';

const dir = new URL('../fixtures/io/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as {
  safetensors: Record<string, { metadata: Record<string, string> | null; byteExact: boolean; tensors: Record<string, TensorJSON> }>;
  npy: Record<string, { byteExact: boolean; tensor: TensorJSON }>;
};
const bytesOf = (f: string) => new Uint8Array(readFileSync(new URL(f, dir)));

/** Same dtype, shape and values bit for bit (NaN equals NaN, −0 differs from 0). */
function assertSame(got: Tensor, want: TensorJSON, where: string): void {
  assert.is(got.dtype, want.dtype, `${where}: dtype`);
  assert.equal(got.shape, want.shape, `${where}: shape`);
  const a = got.contiguousData();
  const b = fromJSON(want).contiguousData();
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) assert.unreachable(`${where}[${i}]: got ${a[i]}, want ${b[i]}`);
}

for (const [file, c] of Object.entries(manifest.safetensors)) {
  test(`safetensors ${file}: decoded as written by NumPy`, () => {
    const { tensors, metadata } = io.decodeSafetensors(bytesOf(file));
    assert.equal(Object.keys(tensors), Object.keys(c.tensors));
    assert.equal(metadata, c.metadata ?? {});
    for (const [name, t] of Object.entries(c.tensors)) assertSame(tensors[name]!, t, `${file} ${name}`);
  });
  if (c.byteExact) {
    test(`safetensors ${file}: tapegrad's encoding is byte-identical`, () => {
      const tensors = Object.fromEntries(Object.entries(c.tensors).map(([n, t]) => [n, fromJSON(t)]));
      assert.equal(io.encodeSafetensors(tensors, c.metadata ?? undefined), bytesOf(file));
    });
  }
}

for (const [file, c] of Object.entries(manifest.npy)) {
  test(`npy ${file}: decoded as numpy.save wrote it`, () => assertSame(io.decodeNpy(bytesOf(file)), c.tensor, file));
  if (c.byteExact) {
    test(`npy ${file}: tapegrad's encoding equals numpy.save byte for byte`, () => {
      assert.equal(io.encodeNpy(fromJSON(c.tensor)), bytesOf(file));
    });
  }
}

test('safetensors bytes follow the spec: LE header length, JSON header, 8-byte aligned data, tensors in order', () => {
  const w = tensor([[1, -2], [3.5, 4]]);
  const b = tensor([0.1, 0.2], { dtype: 'float64' });
  const bytes = io.encodeSafetensors({ w, b });
  const view = new DataView(bytes.buffer);
  const n = Number(view.getBigUint64(0, true));
  assert.is(n % 8, 0);
  assert.is(bytes.length, 8 + n + 16 + 16);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  assert.equal(header, { w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] }, b: { dtype: 'F64', shape: [2], data_offsets: [16, 32] } });
  assert.equal([0, 4, 8, 12].map((o) => view.getFloat32(8 + n + o, true)), [1, -2, 3.5, 4]);
  assert.equal([0, 8].map((o) => view.getFloat64(8 + n + 16 + o, true)), [0.1, 0.2]);
});

test('safetensors and npy encode strided views by their values', () => {
  const t = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'int32' }).T;
  const back = io.decodeSafetensors(io.encodeSafetensors({ t })).tensors['t']!;
  assert.equal(back.toArray(), [[1, 4], [2, 5], [3, 6]]);
  assert.equal(io.decodeNpy(io.encodeNpy(t)).toArray(), [[1, 4], [2, 5], [3, 6]]);
});

test('decodeSafetensors names the problem in a malformed file', () => {
  const good = io.encodeSafetensors({ a: tensor([1, 2]), b: tensor([3]) });
  const n = Number(new DataView(good.buffer).getBigUint64(0, true));
  const withHeader = (h: unknown, data = new Uint8Array(12)) => {
    const text = new TextEncoder().encode(JSON.stringify(h));
    const out = new Uint8Array(8 + text.length + data.length);
    new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
    out.set(text, 8);
    out.set(data, 8 + text.length);
    return out;
  };
  const cases: Array<[Uint8Array, RegExp]> = [
    [good.subarray(0, 5), /at least 8 bytes/],
    [good.subarray(0, 8 + n - 1), /runs past the end/],
    [withHeader([1]), /must be a JSON object/],
    [(() => { const x = good.slice(); x[8] = 0x5b; return x; })(), /not valid UTF-8 JSON/],
    [withHeader({ a: { dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] } }), /tensor 'a' has dtype "F8_E4M3"/],
    [withHeader({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }), /invalid shape/],
    [withHeader({ a: { dtype: 'F32', shape: [1], data_offsets: [0] } }), /invalid data_offsets/],
    [withHeader({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }), /needs 8 bytes/],
    [withHeader({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }), /past the 12-byte data section/],
    [withHeader({ a: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }), /bytes 0\.\.4 .* belong to no tensor/],
    [withHeader({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }), /'b' overlaps/],
    [withHeader({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }), /4 bytes after the last tensor/],
    [withHeader({ __metadata__: { k: 1 } }, new Uint8Array(0)), /__metadata__ 'k' must be a string/],
    [withHeader({ __metadata__: 'format' }, new Uint8Array(0)), /__metadata__ must be an object of strings/],
    [withHeader({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array([0, 0, 0, 0, 1, 0, 0, 0])), /outside the int32 range/],
  ];
  for (const [bytes, re] of cases) assert.throws(() => io.decodeSafetensors(bytes), (e: Error) => re.test(e.message) && e.message.startsWith('decodeSafetensors:'));
  assert.throws(() => io.encodeSafetensors({ __metadata__: tensor([1]) }), /reserved/);
  assert.throws(() => io.encodeSafetensors({ a: tensor([1]) }, { k: 3 as unknown as string }), /metadata 'k' must be a string/);
});

test('decodeNpy names the problem in a malformed file', () => {
  const good = io.encodeNpy(tensor([1, 2, 3]));
  const withHeader = (h: string) => { const x = good.slice(); const enc = new TextEncoder().encode(h.padEnd(118, ' ')); x.set(enc, 10); return x; };
  const cases: Array<[Uint8Array, RegExp]> = [
    [new Uint8Array([1, 2, 3]), /not a .npy file/],
    [(() => { const x = good.slice(); x[6] = 9; return x; })(), /unsupported format version 9/],
    [(() => { const x = good.slice(); new DataView(x.buffer).setUint16(8, 5000, true); return x; })(), /runs past the end/],
    [withHeader("{'descr': '<c8', 'fortran_order': False, 'shape': (3,), }"), /dtype '<c8' is not supported/],
    [withHeader("{'descr': '<f4', 'shape': (3,), }"), /cannot parse the header/],
    [withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1.5,), }"), /invalid shape/],
    [withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }"), /needs 16 bytes of data/],
    [withHeader("{'descr': '<u4', 'fortran_order': False, 'shape': (3,), }").fill(0xff, 128), /outside the int32 range/],
  ];
  for (const [bytes, re] of cases) assert.throws(() => io.decodeNpy(bytes), (e: Error) => re.test(e.message) && e.message.startsWith('decodeNpy:'));
});

test('Tensor.toJSON / fromJSON: the documented form, exact round trips, clear errors', () => {
  const t = tensor([[0.1, NaN], [Infinity, -Infinity]]);
  assert.equal(JSON.parse(JSON.stringify(t)), { dtype: 'float32', shape: [2, 2], data: [0.1, 'NaN', 'Infinity', '-Infinity'] });
  for (const x of [tensor([Math.PI, -0, 1e-45, 3.4028234663852886e38]), tensor([Math.PI, 1e-300], { dtype: 'float64' }), tensor([-(2 ** 31), 7], { dtype: 'int32' }), zeros([0, 3]), tensor(2.5)]) {
    const back = fromJSON(JSON.stringify(x));
    assert.is(back.dtype, x.dtype);
    assert.equal(back.shape, x.shape);
    const a = x.contiguousData(), b = back.contiguousData();
    for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${x.dtype}[${i}]: ${a[i]} vs ${b[i]}`);
  }
  assert.throws(() => fromJSON('3'), /fromJSON: expected an object/);
  assert.throws(() => fromJSON({ dtype: 'int8', shape: [1], data: [1] } as unknown as TensorJSON), /fromJSON: dtype must be/);
  assert.throws(() => fromJSON({ dtype: 'float32', shape: [1.5], data: [1] }), /shape must be a list of non-negative integers/);
  assert.throws(() => fromJSON({ dtype: 'float32', shape: [2, 2], data: [1] }), /shape \[2,2\] needs 4 values in data, got 1 values/);
  assert.throws(() => fromJSON({ dtype: 'float32', shape: [1], data: ['x' as 'NaN'] }), /data\[0\] must be a number/);
  assert.throws(() => fromJSON({ dtype: 'int32', shape: [1], data: [0.5] }), /data\[0\] = 0.5 is not an int32/);
});

test('save/load (tapegrad/node): safetensors, npy and json by extension', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'tapegrad-io-'));
  try {
    const dict = { w: tensor([[1, 2], [3, 4]]), b: tensor([0.5], { dtype: 'float64' }), y: tensor([1, 0], { dtype: 'int32' }) };
    for (const ext of ['safetensors', 'json']) {
      const file = join(tmp, `m.${ext}`);
      save(file, dict, { metadata: { epoch: '3' } });
      const back = load(file);
      assert.equal(Object.keys(back), ['w', 'b', 'y']);
      for (const k of Object.keys(dict) as Array<keyof typeof dict>) assertSame(back[k]!, dict[k].toJSON(), `${ext} ${k}`);
    }
    assert.equal(loadSafetensors(join(tmp, 'm.safetensors')).metadata, { epoch: '3' });
    save(join(tmp, 'w.npy'), dict.w);
    assertSame(load(join(tmp, 'w.npy') as `${string}.npy`), dict.w.toJSON(), 'npy');
    assert.throws(() => save(join(tmp, 'x.npy'), dict), /holds one tensor/);
    assert.throws(() => save(join(tmp, 'x.safetensors'), dict.w), /pass \{ name: tensor \}/);
    assert.throws(() => save(join(tmp, 'x.safetensors'), { a: [1] as unknown as Tensor }), /entry 'a' is not a Tensor/);
    assert.throws(() => save(join(tmp, 'x.pt'), dict), /cannot tell the format of/);
    assert.throws(() => load(join(tmp, 'x.pt')), /cannot tell the format of/);
    assert.not.ok(existsSync(join(tmp, 'x.pt')));
    // Files tapegrad writes for the byte-exact goldens, for `io.py --verify` (kept when asked).
    if (process.env['TAPEGRAD_IO_OUT']) {
      for (const [file, c] of Object.entries(manifest.safetensors)) {
        if (c.byteExact) save(join(process.env['TAPEGRAD_IO_OUT'], file), Object.fromEntries(Object.entries(c.tensors).map(([n, t]) => [n, fromJSON(t)])), { metadata: c.metadata ?? undefined });
      }
      for (const [file, c] of Object.entries(manifest.npy)) if (c.byteExact) save(join(process.env['TAPEGRAD_IO_OUT'], file), fromJSON(c.tensor));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('the big-endian-host code path reads and writes the same little-endian bytes as the fast path', () => {
  for (const values of [Float32Array.of(1.5, -0, NaN, 3e38), Float64Array.of(Math.PI, -Infinity), Int32Array.of(-(2 ** 31), 7)]) {
    const fast = new Uint8Array(3 + values.byteLength), slow = new Uint8Array(3 + values.byteLength);
    writeLE(values, fast, 3);
    writeLEPortable(values, slow, 3);
    assert.equal(slow, fast);
    const dtype = values instanceof Float32Array ? 'float32' : values instanceof Float64Array ? 'float64' : 'int32';
    assert.equal(Array.from(readLEPortable(fast, 3, values.length, dtype)), Array.from(readLE(fast, 3, values.length, dtype)));
  }
});

test.run();
