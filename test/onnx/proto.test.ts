// The protobuf writer and reader on their own: varints of every width (negative int64 take ten
// bytes), packed fields, nested messages, and the reader's errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProtoWriter, readFields, readPackedInts } from '../../src/io/onnx/proto.js';

test('varints round-trip: small, 32-bit, 53-bit, negative and bigint int64', () => {
  const values = [0, 1, 127, 128, 300, 2 ** 31, 2 ** 32 + 5, 2 ** 53 - 1, -1, -(2 ** 40), 9223372036854775807n, -9223372036854775808n];
  const w = new ProtoWriter();
  values.forEach((v, i) => w.int(i + 1, v));
  w.packedInts(99, values);
  const fields = [...readFields(w.finish(), 'test')];
  values.forEach((v, i) => {
    assert.is(fields[i].field, i + 1);
    assert.is(fields[i].value, BigInt(v));
  });
  assert.equal(readPackedInts(fields.at(-1)!, 'test'), values.map((v) => BigInt(v)));
  assert.equal(new ProtoWriter().int(1, -1).finish().length, 11);
});

test('strings, bytes and nested messages', () => {
  const inner = new ProtoWriter().string(1, 'é');
  const bytes = new ProtoWriter().message(2, inner).bytes(3, new Uint8Array([9, 8])).finish();
  const [a, b] = [...readFields(bytes, 'test')];
  assert.is(a.field, 2);
  const [s] = [...readFields(a.value as Uint8Array, 'inner')];
  assert.is(new TextDecoder().decode(s.value as Uint8Array), 'é');
  assert.equal([...(b.value as Uint8Array)], [9, 8]);
});

test('fixed-width fields are read; bad input is an error naming what was read', () => {
  const fixed = new Uint8Array([(1 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8, (2 << 3) | 5, 1, 2, 3, 4]);
  assert.equal([...readFields(fixed, 'm')].map((f) => [f.field, f.wire]), [[1, 1], [2, 5]]);
  assert.throws(() => [...readFields(new Uint8Array([8, 0x80]), 'm')], /m: truncated varint/);
  assert.throws(() => [...readFields(new Uint8Array([(1 << 3) | 3]), 'm')], /m: wire type 3 \(field 1\)/);
  assert.throws(() => readPackedInts({ field: 4, wire: 5, value: new Uint8Array(4) }, 'p'), /p: field 4 is not a varint/);
  assert.throws(() => readPackedInts({ field: 4, wire: 2, value: new Uint8Array([0x80]) }, 'p'), /p: truncated packed varints/);
});

test.run();
