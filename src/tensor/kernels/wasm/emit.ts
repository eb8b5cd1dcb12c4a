/**
 * A small typed WebAssembly emitter: instructions are functions returning their bytes, so a
 * kernel reads like the text format (`f32x4.add(a, b)` folds its operands first). Only what the
 * kernels use is here: i32/f32/f64 scalars, 128-bit SIMD, structured control, one imported memory.
 * Encoding follows the WebAssembly core spec §5 (binary format): LEB128 integers, little-endian
 * floats, SIMD opcodes as 0xfd + LEB128.
 */
export type Code = number[];
export type ValType = 'i32' | 'f32' | 'f64' | 'v128';
const valType: Record<ValType, number> = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b };

const uleb = (n: number): Code => {
  const out: Code = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
const sleb = (n: number): Code => {
  const out: Code = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
const bytesOf = (a: Float32Array | Float64Array): Code => [...new Uint8Array(a.buffer)];
const utf8 = (s: string): Code => { const b = [...new TextEncoder().encode(s)]; return [...uleb(b.length), ...b]; };
const vec = (items: Code[]): Code => [...uleb(items.length), ...items.flat()];

const join = (parts: Code[]): Code => parts.flat();
/** A memory access: log2 alignment and a constant byte offset added to the address. */
const memarg = (align: number, offset: number): Code => [...uleb(align), ...uleb(offset)];
const simd = (op: number, ...imm: Code): Code => [0xfd, ...uleb(op), ...imm];

/** Local variables are numbered in declaration order; `Local` keeps the index and the type. */
export interface Local { index: number; type: ValType }

export const get = (l: Local): Code => [0x20, ...uleb(l.index)];
export const set = (l: Local, v: Code): Code => [...v, 0x21, ...uleb(l.index)];
export const i32c = (n: number): Code => [0x41, ...sleb(n | 0)];
export const f32c = (x: number): Code => [0x43, ...bytesOf(Float32Array.of(x))];
export const f64c = (x: number): Code => [0x44, ...bytesOf(Float64Array.of(x))];

// Control: `block` is left by br 0 from its body; `loop` is re-entered by br 0.
export const block = (...body: Code[]): Code => [0x02, 0x40, ...join(body), 0x0b];
export const loop = (...body: Code[]): Code => [0x03, 0x40, ...join(body), 0x0b];
export const br = (depth: number): Code => [0x0c, ...uleb(depth)];
export const brIf = (depth: number, cond: Code): Code => [...cond, 0x0d, ...uleb(depth)];
export const select = (a: Code, b: Code, cond: Code): Code => [...a, ...b, ...cond, 0x1b];
/** `while (cond) body`: a block around a loop that leaves when cond fails. */
export const whileLoop = (cond: Code, ...body: Code[]): Code =>
  block(loop(brIf(1, [...cond, 0x45]), ...body, br(0)));

const bin = (op: number) => (a: Code, b: Code): Code => [...a, ...b, op];
const un = (op: number) => (a: Code): Code => [...a, op];
const load = (op: number, align: number) => (addr: Code, offset = 0): Code => [...addr, op, ...memarg(align, offset)];
const store = (op: number, align: number) => (addr: Code, v: Code, offset = 0): Code => [...addr, ...v, op, ...memarg(align, offset)];

export const i32 = {
  load: load(0x28, 2),
  add: bin(0x6a), sub: bin(0x6b), mul: bin(0x6c), shl: bin(0x74),
  ltS: bin(0x48), leS: bin(0x4c), ne: bin(0x47),
};
export const f32 = {
  load: load(0x2a, 2), store: store(0x38, 2),
  add: bin(0x92), sub: bin(0x93), mul: bin(0x94), max: bin(0x97), eq: bin(0x5b),
  demoteF64: un(0xb6),
};
export const f64 = {
  load: load(0x2b, 3), store: store(0x39, 3),
  add: bin(0xa0), sub: bin(0xa1), mul: bin(0xa2), max: bin(0xa5), eq: bin(0x61),
  promoteF32: un(0xbb),
};

const sbin = (op: number) => (a: Code, b: Code): Code => [...a, ...b, ...simd(op)];
const sun = (op: number) => (a: Code): Code => [...a, ...simd(op)];
const lane = (op: number) => (a: Code, i: number): Code => [...a, ...simd(op), i];
export const v128 = {
  load: (addr: Code, offset = 0): Code => [...addr, ...simd(0x00, ...memarg(4, offset))],
  store: (addr: Code, v: Code, offset = 0): Code => [...addr, ...v, ...simd(0x0b, ...memarg(4, offset))],
  load32Splat: (addr: Code, offset = 0): Code => [...addr, ...simd(0x09, ...memarg(2, offset))],
  load64Splat: (addr: Code, offset = 0): Code => [...addr, ...simd(0x0a, ...memarg(3, offset))],
  zero: (): Code => simd(0x0c, ...new Array<number>(16).fill(0)),
  /** A constant vector of four int32 lanes. */
  constI32: (lanes: number[]): Code => simd(0x0c, ...new Uint8Array(Int32Array.from(lanes).buffer)),
  /** A constant vector with every lane equal to x. */
  splatConst: (type: 'float32' | 'float64', x: number): Code =>
    simd(0x0c, ...bytesOf(type === 'float32' ? new Float32Array(4).fill(x) : new Float64Array(2).fill(x))),
  and: sbin(0x4e), or: sbin(0x50),
  /** (a & mask) | (b & ~mask), bit by bit. */
  bitselect: (a: Code, b: Code, mask: Code): Code => [...a, ...b, ...mask, ...simd(0x52)],
  /** The even (0, 2) or odd (1, 3) 32-bit lanes of a, then of b: four lanes out of the eight. */
  lanes32: (a: Code, b: Code, odd: boolean): Code => {
    const lane = (l: number) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3];
    const pick = (odd ? [1, 3, 5, 7] : [0, 2, 4, 6]).flatMap(lane);
    return [...a, ...b, ...simd(0x0d, ...pick)];
  },
  /** The low 8 bytes of a, then the low 8 bytes of b. */
  lowHalves: (a: Code, b: Code): Code => [...a, ...b, ...simd(0x0d, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23)],
  /** Lanes 2,3 of a 32-bit-lane vector moved to lanes 0,1 (the high half as the low half). */
  highToLow: (a: Code): Code => [...a, ...a, ...simd(0x0d, 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15)],
};
export const i32x4 = { add: sbin(0xae), shl: sbin(0xab), splat: sun(0x11) };
export const i64x2 = { add: sbin(0xce), shl: sbin(0xcb) };
export const f32x4 = {
  splat: sun(0x13), extract: lane(0x1f),
  add: sbin(0xe4), sub: sbin(0xe5), mul: sbin(0xe6), max: sbin(0xe9), pmin: sbin(0xea), pmax: sbin(0xeb),
  floor: sun(0x68), promoteLow: sun(0x5f),
  eq: sbin(0x41), ne: sbin(0x42), gt: sbin(0x44),
  /** The two float64 lanes rounded to float32 in lanes 0, 1 (lanes 2, 3 zero). */
  demoteZero: sun(0x5e),
};
export const f64x2 = {
  splat: sun(0x14), extract: lane(0x21),
  add: sbin(0xf0), sub: sbin(0xf1), mul: sbin(0xf2), max: sbin(0xf5), pmin: sbin(0xf6), pmax: sbin(0xf7),
  floor: sun(0x75),
  gt: sbin(0x4a), ge: sbin(0x4c),
  abs: sun(0xec), div: sbin(0xf3), sqrt: sun(0xef),
};

/** A function under construction: parameters first, then locals as the body asks for them. */
export class Fn {
  private readonly locals: ValType[] = [];
  readonly params: Local[];
  constructor(readonly name: string, paramTypes: ValType[], readonly results: ValType[] = []) {
    this.params = paramTypes.map((type, index) => ({ index, type }));
  }
  local(type: ValType): Local {
    this.locals.push(type);
    return { index: this.params.length + this.locals.length - 1, type };
  }
  body: Code = [];
  /** The type's encoding and the code entry (locals grouped one per declaration). */
  encode(): { type: Code; code: Code } {
    const type = [0x60, ...vec(this.params.map((p) => [valType[p.type]])), ...vec(this.results.map((r) => [valType[r]]))];
    const body = [...vec(this.locals.map((t) => [1, valType[t]])), ...this.body, 0x0b];
    return { type, code: [...uleb(body.length), ...body] };
  }
}

const section = (id: number, content: Code): Code => [id, ...uleb(content.length), ...content];

/**
 * Constant vectors kept in memory (a data segment at address 0) and loaded into locals once per
 * call. A v128.const, even one assigned to a local outside a loop, is folded by V8's optimizing
 * compiler back into every use and rebuilt there (three instructions each time); a value loaded
 * from memory is not a constant to it, so it stays in a register or one load away.
 */
export class ConstantTable {
  static readonly BYTES = 2048; // reserved at the start of memory; calls allocate after it
  private readonly at = new Map<string, number>();
  private readonly data: number[] = [];
  /** The address of a 16-byte vector in the table (added on first use). */
  address(bytes: Code): number {
    const key = bytes.join(',');
    let a = this.at.get(key);
    if (a === undefined) {
      a = this.data.length;
      if (a + 16 > ConstantTable.BYTES) throw new RangeError('ConstantTable: more constants than reserved bytes');
      this.at.set(key, a);
      this.data.push(...bytes);
    }
    return a;
  }
  /** A vector with every float lane equal to x. */
  splat(type: 'float32' | 'float64', x: number): number {
    return this.address(bytesOf(type === 'float32' ? new Float32Array(4).fill(x) : new Float64Array(2).fill(x)));
  }
  get bytes(): Code {
    return this.data;
  }
}

/**
 * A module importing `env.memory` and exporting every function under its name. The memory is
 * shared (for threads) when `sharedMaxPages` is given: a shared memory must declare a maximum.
 * `constants` become a data segment at address 0.
 */
export function emitModule(fns: Fn[], sharedMaxPages?: number, constants?: ConstantTable): Uint8Array<ArrayBuffer> {
  const enc = fns.map((f) => f.encode());
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(enc.map((e) => e.type))),
    ...section(2, vec([[...utf8('env'), ...utf8('memory'), 0x02, ...(sharedMaxPages ? [0x03, 0x01, ...uleb(sharedMaxPages)] : [0x00, 0x01])]])),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(7, vec(fns.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(enc.map((e) => e.code))),
    // An active data segment: the constants, written at address 0 on every instantiation.
    ...(constants ? section(11, vec([[0x00, ...i32c(0), 0x0b, ...uleb(constants.bytes.length), ...constants.bytes]])) : []),
  ]);
}
