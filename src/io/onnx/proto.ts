/**
 * The slice of the protobuf wire format an ONNX model needs. The writer emits varints (wire type
 * 0) and length-delimited bytes (2) for strings, packed arrays and nested messages; the reader
 * also steps over fixed-width fields (1, 5) that other writers use. Field order does not matter
 * to a reader; repeated fields are simply written again.
 */

/** A message under construction: a list of byte chunks, joined once by `finish()`. */
export class ProtoWriter {
  private chunks: Uint8Array[] = [];
  private scratch: number[] = [];

  /** A varint field (int32/int64/enum); negative values take ten bytes, as protobuf's int64 does. */
  int(field: number, value: number | bigint): this {
    this.tag(field, 0);
    this.varint(value);
    return this;
  }
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.varint(value.length);
    this.push(value);
    return this;
  }
  message(field: number, msg: ProtoWriter): this {
    return this.bytes(field, msg.finish());
  }
  /** A packed repeated int64 field. */
  packedInts(field: number, values: readonly (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    this.flush();
    if (this.chunks.length === 1) return this.chunks[0];
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    this.chunks = [out];
    return out;
  }

  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }
  private varint(value: number | bigint): void {
    if (typeof value === 'number' && value >= 0 && value <= 0xffffffff) {
      while (value > 0x7f) {
        this.scratch.push((value & 0x7f) | 0x80);
        value >>>= 7;
      }
      this.scratch.push(value);
      return;
    }
    let v = BigInt.asUintN(64, BigInt(value));
    while (v > 0x7fn) {
      this.scratch.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.scratch.push(Number(v));
  }
  private push(b: Uint8Array): void {
    this.flush();
    this.chunks.push(b);
  }
  private flush(): void {
    if (this.scratch.length) this.chunks.push(Uint8Array.from(this.scratch));
    this.scratch = [];
  }
}

/** One field as read: a varint's value (as a bigint, int64 being signed), or a length-delimited payload. */
export type ProtoField = { field: number; wire: 0; value: bigint } | { field: number; wire: 2; value: Uint8Array } | { field: number; wire: 1 | 5; value: Uint8Array };

/** The fields of a message in order. Throws on a truncated message or a wire type protobuf does not have. */
export function* readFields(buf: Uint8Array, what: string): Generator<ProtoField> {
  let at = 0;
  const varint = (): bigint => {
    let v = 0n, shift = 0n;
    for (;;) {
      if (at >= buf.length) throw new RangeError(`${what}: truncated varint at byte ${at}`);
      const b = buf[at++];
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return v;
      shift += 7n;
    }
  };
  const take = (n: number): Uint8Array => {
    if (at + n > buf.length) throw new RangeError(`${what}: a field of ${n} bytes runs past the end (byte ${at} of ${buf.length})`);
    return buf.subarray(at, (at += n));
  };
  while (at < buf.length) {
    const key = Number(varint());
    const field = key >>> 3, wire = key & 7;
    if (wire === 0) yield { field, wire, value: BigInt.asIntN(64, varint()) };
    else if (wire === 2) yield { field, wire, value: take(Number(varint())) };
    else if (wire === 1) yield { field, wire, value: take(8) };
    else if (wire === 5) yield { field, wire, value: take(4) };
    else throw new RangeError(`${what}: wire type ${wire} (field ${field}) is not protobuf's`);
  }
}

/** The varints of a packed repeated field (or a single unpacked one). */
export function readPackedInts(f: ProtoField, what: string): bigint[] {
  if (f.wire === 0) return [f.value];
  if (f.wire !== 2) throw new RangeError(`${what}: field ${f.field} is not a varint`);
  const out: bigint[] = [];
  let v = 0n, shift = 0n;
  for (const b of f.value) {
    v |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) {
      out.push(BigInt.asIntN(64, v));
      v = 0n;
      shift = 0n;
    } else shift += 7n;
  }
  if (shift !== 0n) throw new RangeError(`${what}: truncated packed varints in field ${f.field}`);
  return out;
}
