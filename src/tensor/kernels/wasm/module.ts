import {
  block, brIf, ConstantTable, emitModule, f32, f32c, f32x4, f64, f64c, f64x2, Fn, get, i32, i32c, i32x4, loop, select, set, v128, whileLoop,
  type Code, type Local,
} from './emit.js';
import { vectorExp, type FloatType } from './exp.js';
import { gelu, geluGrad } from './gelu.js';
import { adamStep } from './adam.js';
import { sumColumns, sumRows } from './sums.js';
import { windowProduct } from './conv.js';
import { columnsToPlanes, gatherRows, permutePlanes, rowsToPanels, unfoldRows, windowRows } from './windows.js';

/**
 * The SIMD kernels, emitted once per float type. Every pointer is a byte address in the
 * memory, every count is in vectors (16 bytes), and every region is padded by the caller to whole
 * vectors, so no kernel has a scalar tail.
 */
const BYTES = { float32: 4, float64: 8 } as const;
const ops = (t: FloatType) => (t === 'float32' ? f32x4 : f64x2);

/** for (; count > 0; count--) { body; ptr += 16 for each ptr } */
function eachVector(count: Local, ptrs: Local[], ...body: Code[]): Code {
  return whileLoop(
    i32.ltS(i32c(0), get(count)),
    ...body,
    ...ptrs.map((p) => set(p, i32.add(get(p), i32c(16)))),
    set(count, i32.sub(get(count), i32c(1))),
  );
}

/** (src, dst, vectors): dst = f(src) lane by lane. */
function unary(name: string, t: FloatType, f: (fn: Fn) => { init: Code; apply: (x: Code) => Code }): Fn {
  const fn = new Fn(`${name}_${t}`, ['i32', 'i32', 'i32']);
  const [src, dst, count] = fn.params;
  const { init, apply } = f(fn);
  fn.body = [...init, ...eachVector(count, [src, dst], v128.store(get(dst), apply(v128.load(get(src)))))];
  return fn;
}

/**
 * (a, aStep, b, bStep, out, rows, vectorsPerRow): out row r = a row r ∘ b row r, where a row
 * starts aStep bytes after the previous one (0 repeats one row: a broadcast bias).
 */
function binary(name: string, t: FloatType, op: (a: Code, b: Code) => Code): Fn {
  const fn = new Fn(`${name}_${t}`, ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [a, aStep, b, bStep, out, rows, perRow] = fn.params;
  const pa = fn.local('i32'), pb = fn.local('i32'), n = fn.local('i32');
  fn.body = whileLoop(
    i32.ltS(i32c(0), get(rows)),
    set(pa, get(a)), set(pb, get(b)), set(n, get(perRow)),
    eachVector(n, [pa, pb, out], v128.store(get(out), op(v128.load(get(pa)), v128.load(get(pb))))),
    set(a, i32.add(get(a), get(aStep))), set(b, i32.add(get(b), get(bStep))),
    set(rows, i32.sub(get(rows), i32c(1))),
  );
  return fn;
}

/**
 * (x, rows, vectorsPerRow, shifts, sums, exps): per row, shift = the row max (0 when it is not
 * finite, as rowShift in the JS kernels) and sum = Σ exp(x − shift), accumulated in float64
 * lanes; exp(x − shift) is stored at `exps` as well. Rows are padded with −∞. The max skips NaN
 * (rowShift returns 0 for such a row instead): the sum is NaN either way, and so is everything
 * computed from it.
 */
function rowExpSums(t: FloatType, table: ConstantTable): Fn {
  const fn = new Fn(`rowExpSums_${t}`, ['i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [x, rows, perRow, shifts, sums, exps] = fn.params;
  const F = ops(t), bytes = BYTES[t];
  const p = fn.local('i32'), e = fn.local('i32'), n = fn.local('i32');
  const m = fn.local('v128'), shift = fn.local('v128'), acc = fn.local('v128'), acc2 = fn.local('v128'), y = fn.local('v128');
  const sm = fn.local(t === 'float32' ? 'f32' : 'f64');
  const zero = t === 'float32' ? f32c(0) : f64c(0);
  const { init, exp } = vectorExp(fn, t, table);
  const S = t === 'float32' ? f32 : f64;
  const lanesMax = t === 'float32'
    ? f32.max(f32.max(F.extract(get(m), 0), F.extract(get(m), 1)), f32.max(F.extract(get(m), 2), F.extract(get(m), 3)))
    : f64.max(F.extract(get(m), 0), F.extract(get(m), 1));
  // float32 exps are widened to two float64x2 halves, each added into its own accumulator (two
  // independent chains of adds instead of one twice as long).
  const accumulate = t === 'float32'
    ? [...set(acc, f64x2.add(get(acc), f32x4.promoteLow(get(y)))), ...set(acc2, f64x2.add(get(acc2), f32x4.promoteLow(v128.highToLow(get(y)))))]
    : set(acc, f64x2.add(get(acc), get(y)));
  fn.body = [...init, ...whileLoop(
    i32.ltS(i32c(0), get(rows)),
    set(m, v128.splatConst(t, -Infinity)), set(p, get(x)), set(n, get(perRow)),
    // pmax(m, v) = m < v ? v : m: one instruction (max keeps NaN, at eight), and NaN never enters m.
    eachVector(n, [p], set(m, F.pmax(get(m), v128.load(get(p))))),
    set(sm, lanesMax),
    // shift = m when m − m = 0 (finite), else 0.
    set(sm, select(get(sm), zero, S.eq(S.sub(get(sm), get(sm)), zero))),
    set(shift, F.splat(get(sm))),
    set(acc, v128.zero()), set(acc2, v128.zero()), set(p, get(x)), set(e, get(exps)), set(n, get(perRow)),
    eachVector(n, [p, e],
      set(y, exp(F.sub(v128.load(get(p)), get(shift)))),
      accumulate,
      v128.store(get(e), get(y))),
    S.store(get(shifts), get(sm)),
    set(acc, f64x2.add(get(acc), get(acc2))),
    f64.store(get(sums), f64.add(f64x2.extract(get(acc), 0), f64x2.extract(get(acc), 1))),
    set(x, i32.add(get(x), i32.shl(get(perRow), i32c(4)))),
    set(exps, i32.add(get(exps), i32.shl(get(perRow), i32c(4)))),
    set(shifts, i32.add(get(shifts), i32c(bytes))), set(sums, i32.add(get(sums), i32c(8))),
    set(rows, i32.sub(get(rows), i32c(1))),
  )];
  return fn;
}

/**
 * (g, p, rows, vectorsPerRow, out): logSoftmax's VJP, out = g − p·Σg per row, the sum taken in
 * float64 lanes. Rows are padded with zeros.
 */
function rowLogSoftmaxGrad(t: FloatType): Fn {
  const fn = new Fn(`rowLogSoftmaxGrad_${t}`, ['i32', 'i32', 'i32', 'i32', 'i32']);
  const [g, p, rows, perRow, out] = fn.params;
  const F = ops(t);
  const q = fn.local('i32'), n = fn.local('i32'), acc = fn.local('v128'), acc2 = fn.local('v128'), s = fn.local('v128'), y = fn.local('v128');
  const total = f64.add(f64x2.extract(f64x2.add(get(acc), get(acc2)), 0), f64x2.extract(f64x2.add(get(acc), get(acc2)), 1));
  fn.body = whileLoop(
    i32.ltS(i32c(0), get(rows)),
    set(acc, v128.zero()), set(acc2, v128.zero()), set(q, get(g)), set(n, get(perRow)),
    eachVector(n, [q],
      set(y, v128.load(get(q))),
      t === 'float32'
        ? [...set(acc, f64x2.add(get(acc), f32x4.promoteLow(get(y)))), ...set(acc2, f64x2.add(get(acc2), f32x4.promoteLow(v128.highToLow(get(y)))))]
        : set(acc, f64x2.add(get(acc), get(y)))),
    set(s, t === 'float32' ? f32x4.splat(f32.demoteF64(total)) : f64x2.splat(total)),
    set(n, get(perRow)),
    eachVector(n, [g, p, out], v128.store(get(out), F.sub(v128.load(get(g)), F.mul(v128.load(get(p)), get(s))))),
    set(rows, i32.sub(get(rows), i32c(1))),
  );
  return fn;
}

/** (x, rows, vectorsPerRow, scale, offset, out): out = x·scale[row] + offset[row], per-row values of the data type. */
function rowAffine(t: FloatType): Fn {
  const fn = new Fn(`rowAffine_${t}`, ['i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [x, rows, perRow, scale, offset, out] = fn.params;
  const F = ops(t), bytes = BYTES[t];
  const a = fn.local('v128'), b = fn.local('v128'), n = fn.local('i32');
  const splat = t === 'float32' ? v128.load32Splat : v128.load64Splat;
  fn.body = whileLoop(
    i32.ltS(i32c(0), get(rows)),
    set(a, splat(get(scale))), set(b, splat(get(offset))), set(n, get(perRow)),
    eachVector(n, [x, out], v128.store(get(out), F.add(F.mul(v128.load(get(x)), get(a)), get(b)))),
    set(scale, i32.add(get(scale), i32c(bytes))), set(offset, i32.add(get(offset), i32c(bytes))),
    set(rows, i32.sub(get(rows), i32c(1))),
  );
  return fn;
}

/**
 * (M, panels, K, a, p, c): C = A·B with A row-major M×K, B packed as packPanels does (panel q
 * holds columns 4q..4q+3, row by row) and C row-major M×(4·panels). The tile of C kept in
 * registers is 4 rows × 8 columns for float32 and 4 rows × 4 columns for float64 (eight v128
 * accumulators either way): each step of k loads 2 vectors of B once, splats 4 values of A and
 * does 8 vector multiply-adds. Rows past the last multiple of 4 (two at a time, then one: a
 * 6-channel conv is M = 6) and a last odd panel use smaller tiles.
 */
function matmul(t: FloatType): Fn {
  const fn = new Fn(`matmul_${t}`, ['i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [M, panels, K, a, pk, c] = fn.params;
  const F = ops(t), bytes = BYTES[t], panelBytes = 4 * bytes, vecsPerPanel = panelBytes / 16;
  const maxPanels = t === 'float32' ? 2 : 1;
  const i = fn.local('i32'), q = fn.local('i32'), k = fn.local('i32');
  const rowPtr = [0, 1, 2, 3].map(() => fn.local('i32'));
  const bPtr = fn.local('i32'), cPtr = fn.local('i32');
  const acc = Array.from({ length: 8 }, () => fn.local('v128'));
  const x = fn.local('v128'), y = [fn.local('v128'), fn.local('v128')];
  const splat = t === 'float32' ? v128.load32Splat : v128.load64Splat;
  const ldcLocal = fn.local('i32'), panelLocal = fn.local('i32');
  const ldc = (): Code => get(ldcLocal); // bytes per row of C
  const panelStride = (): Code => get(panelLocal); // bytes per panel of B

  /** One R×(Q panels) tile at rows i.., panels q..; advances nothing. */
  const tile = (R: number, Q: number): Code => {
    const V = Q * vecsPerPanel; // accumulators per row
    const accOf = (r: number, v: number) => acc[r * V + v];
    // Vector v of the tile lives in panel ⌊v / vecsPerPanel⌋, 16·(v mod vecsPerPanel) bytes in.
    const bAt = (v: number): Code => v128.load(
      vecsPerPanel === 1 && v > 0 ? i32.add(get(bPtr), i32.mul(i32c(v), panelStride())) : get(bPtr),
      16 * (v % vecsPerPanel));
    // B's vectors are loaded once per step into locals, then used by every row.
    const step: Code[] = Array.from({ length: V }, (_, v) => set(y[v], bAt(v)));
    for (let r = 0; r < R; r++) {
      step.push(set(x, splat(get(rowPtr[r]))));
      for (let v = 0; v < V; v++) step.push(set(accOf(r, v), F.add(get(accOf(r, v)), F.mul(get(x), get(y[v])))));
    }
    const stores: Code[] = [];
    for (let r = 0; r < R; r++) {
      for (let v = 0; v < V; v++) {
        stores.push(v128.store(i32.add(get(cPtr), i32.add(i32.mul(i32c(r), ldc()), i32c(16 * v))), get(accOf(r, v))));
      }
    }
    return [
      ...Array.from({ length: R * V }, (_, j) => set(acc[j], v128.zero())).flat(),
      ...Array.from({ length: R }, (_, r) => set(rowPtr[r], i32.add(get(a), i32.mul(i32.add(get(i), i32c(r)), i32.mul(get(K), i32c(bytes)))))).flat(),
      ...set(bPtr, i32.add(get(pk), i32.mul(get(q), panelStride()))),
      ...set(k, get(K)),
      ...loop(
        ...step,
        ...Array.from({ length: R }, (_, r) => set(rowPtr[r], i32.add(get(rowPtr[r]), i32c(bytes)))),
        set(bPtr, i32.add(get(bPtr), i32c(panelBytes))),
        set(k, i32.sub(get(k), i32c(1))),
        brIf(0, get(k)),
      ),
      ...set(cPtr, i32.add(get(c), i32.add(i32.mul(get(i), ldc()), i32.mul(get(q), i32c(panelBytes))))),
      ...stores.flat(),
    ];
  };
  const rowsOf = (R: number): Code => whileLoop(
    i32.leS(i32.add(get(i), i32c(R)), get(M)),
    set(q, i32c(0)),
    whileLoop(i32.leS(i32.add(get(q), i32c(maxPanels)), get(panels)), tile(R, maxPanels), set(q, i32.add(get(q), i32c(maxPanels)))),
    maxPanels > 1 ? whileLoop(i32.ltS(get(q), get(panels)), tile(R, 1), set(q, i32.add(get(q), i32c(1)))) : [],
    set(i, i32.add(get(i), i32c(R))),
  );
  // K = 0 is handled by the caller (C = 0), so the k loop runs at least once.
  fn.body = block(
    set(ldcLocal, i32.mul(get(panels), i32c(panelBytes))), set(panelLocal, i32.mul(get(K), i32c(panelBytes))),
    set(i, i32c(0)), rowsOf(4), rowsOf(2), rowsOf(1));
  return fn;
}

/**
 * (x, planes, planeStride, W, oh, groups, out): max-pool 2×2 windows, stride 2, float32, as
 * KernelSet.windowArgmax: per output row, `groups` runs of 4 windows (8 input columns of two
 * rows), out the int32 index y·W + x of each window's maximum in its plane. The four candidates
 * are the even and odd lanes of the two rows, taken in row-major window order with the JS
 * kernel's rule: a later value wins when larger, or when it is NaN and the maximum is not.
 * planeStride and W are in elements; x's rows are W apart.
 */
function pool2x2Argmax(): Fn {
  const fn = new Fn('pool2x2Argmax_float32', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [x, planes, planeStride, W, oh, groups, out] = fn.params;
  const plane = fn.local('i32'), oy = fn.local('i32'), g = fn.local('i32'), row0 = fn.local('i32'), row1 = fn.local('i32');
  const best = fn.local('v128'), pos = fn.local('v128'), corner = fn.local('v128'), v = fn.local('v128'), take = fn.local('v128');
  const offRight = fn.local('v128'), offDown = fn.local('v128'), offDiag = fn.local('v128'), step = fn.local('v128'), lanes = fn.local('v128');
  const rowBytes = (): Code => i32.shl(get(W), i32c(2));
  const candidate = (value: Code, offset: Local): Code => [
    ...set(v, value),
    // take = v > best, or v is NaN and best is not
    ...set(take, v128.or(f32x4.gt(get(v), get(best)), v128.and(f32x4.ne(get(v), get(v)), f32x4.eq(get(best), get(best))))),
    ...set(best, v128.bitselect(get(v), get(best), get(take))),
    ...set(pos, v128.bitselect(i32x4.add(get(corner), get(offset)), get(pos), get(take))),
  ];
  const load4 = (row: Local, at: number): Code => v128.load(get(row), at);
  fn.body = [
    ...set(offRight, i32x4.splat(i32c(1))), ...set(offDown, i32x4.splat(get(W))), ...set(offDiag, i32x4.splat(i32.add(get(W), i32c(1)))),
    ...set(step, i32x4.splat(i32c(8))),
    ...set(lanes, v128.constI32([0, 2, 4, 6])),
    ...set(plane, i32c(0)),
    ...whileLoop(i32.ltS(get(plane), get(planes)),
      set(oy, i32c(0)),
      whileLoop(i32.ltS(get(oy), get(oh)),
        // row 2·oy of this plane and the one below it
        set(row0, i32.add(get(x), i32.shl(i32.add(i32.mul(get(plane), get(planeStride)), i32.mul(i32.shl(get(oy), i32c(1)), get(W))), i32c(2)))),
        set(row1, i32.add(get(row0), rowBytes())),
        set(corner, i32x4.add(i32x4.splat(i32.mul(i32.shl(get(oy), i32c(1)), get(W))), get(lanes))),
        set(g, i32c(0)),
        whileLoop(i32.ltS(get(g), get(groups)),
          set(best, v128.lanes32(load4(row0, 0), load4(row0, 16), false)),
          set(pos, get(corner)),
          candidate(v128.lanes32(load4(row0, 0), load4(row0, 16), true), offRight),
          candidate(v128.lanes32(load4(row1, 0), load4(row1, 16), false), offDown),
          candidate(v128.lanes32(load4(row1, 0), load4(row1, 16), true), offDiag),
          v128.store(get(out), get(pos)),
          set(out, i32.add(get(out), i32c(16))),
          set(row0, i32.add(get(row0), i32c(32))), set(row1, i32.add(get(row1), i32c(32))),
          set(corner, i32x4.add(get(corner), get(step))),
          set(g, i32.add(get(g), i32c(1)))),
        set(oy, i32.add(get(oy), i32c(1)))),
      set(plane, i32.add(get(plane), i32c(1)))),
  ];
  return fn;
}

const TYPES: FloatType[] = ['float32', 'float64'];

/** The module's bytes: every kernel for both float types (on a shared memory, for threads). */
export function kernelModule({ sharedMaxPages }: { sharedMaxPages?: number } = {}): Uint8Array<ArrayBuffer> {
  const fns: Fn[] = [], table = new ConstantTable();
  for (const t of TYPES) {
    const F = ops(t);
    fns.push(
      unary('exp', t, (fn) => { const { init, exp } = vectorExp(fn, t, table); return { init, apply: exp }; }),
      unary('relu', t, () => ({ init: [], apply: (x) => F.max(x, v128.zero()) })), // max keeps NaN, max(−0, 0) = +0
      binary('add', t, F.add),
      binary('mul', t, F.mul),
      // g·[x > 0]: the mask's lanes ANDed with 1.0 give 1 or 0, so a NaN or infinite g still makes NaN, as g·0 does in JS
      binary('reluGrad', t, (g, x) => F.mul(g, v128.and(F.gt(x, v128.zero()), v128.splatConst(t, 1)))),
      rowExpSums(t, table),
      rowAffine(t),
      rowLogSoftmaxGrad(t),
      matmul(t),
      windowRows(t, true),
      windowRows(t, false),
      rowsToPanels(t),
      columnsToPlanes(t),
      permutePlanes(t),
      unfoldRows(t),
      gatherRows(t, false),
      gatherRows(t, true),
      adamStep(t),
      sumRows(t),
      sumColumns(t),
    );
  }
  fns.push(pool2x2Argmax(), windowProduct(), gelu(table), geluGrad(table));
  return emitModule(fns, sharedMaxPages, table);
}

type Ptr = number;
/** The exports, typed: names match the emitted functions. */
export interface KernelExports {
  exp_float32(src: Ptr, dst: Ptr, vectors: number): void;
  exp_float64(src: Ptr, dst: Ptr, vectors: number): void;
  relu_float32(src: Ptr, dst: Ptr, vectors: number): void;
  relu_float64(src: Ptr, dst: Ptr, vectors: number): void;
  add_float32(a: Ptr, aStep: number, b: Ptr, bStep: number, out: Ptr, rows: number, perRow: number): void;
  add_float64(a: Ptr, aStep: number, b: Ptr, bStep: number, out: Ptr, rows: number, perRow: number): void;
  mul_float32(a: Ptr, aStep: number, b: Ptr, bStep: number, out: Ptr, rows: number, perRow: number): void;
  mul_float64(a: Ptr, aStep: number, b: Ptr, bStep: number, out: Ptr, rows: number, perRow: number): void;
  reluGrad_float32(a: Ptr, aStep: number, b: Ptr, bStep: number, out: Ptr, rows: number, perRow: number): void;
  reluGrad_float64(a: Ptr, aStep: number, b: Ptr, bStep: number, out: Ptr, rows: number, perRow: number): void;
  rowExpSums_float32(x: Ptr, rows: number, perRow: number, shifts: Ptr, sums: Ptr, exps: Ptr): void;
  rowExpSums_float64(x: Ptr, rows: number, perRow: number, shifts: Ptr, sums: Ptr, exps: Ptr): void;
  rowAffine_float32(x: Ptr, rows: number, perRow: number, scale: Ptr, offset: Ptr, out: Ptr): void;
  rowAffine_float64(x: Ptr, rows: number, perRow: number, scale: Ptr, offset: Ptr, out: Ptr): void;
  rowLogSoftmaxGrad_float32(g: Ptr, p: Ptr, rows: number, perRow: number, out: Ptr): void;
  rowLogSoftmaxGrad_float64(g: Ptr, p: Ptr, rows: number, perRow: number, out: Ptr): void;
  gelu_float32(src: Ptr, dst: Ptr, vectors: number): void;
  geluGrad_float32(g: Ptr, gStep: number, x: Ptr, xStep: number, out: Ptr, rows: number, perRow: number): void;
  pool2x2Argmax_float32(x: Ptr, planes: number, planeStride: number, W: number, oh: number, groups: number, out: Ptr): void;
  matmul_float32(M: number, panels: number, K: number, a: Ptr, p: Ptr, c: Ptr): void;
  matmul_float64(M: number, panels: number, K: number, a: Ptr, p: Ptr, c: Ptr): void;
  im2colRows_float32(...args: WindowRowsArgs): void;
  im2colRows_float64(...args: WindowRowsArgs): void;
  col2imRows_float32(...args: WindowRowsArgs): void;
  col2imRows_float64(...args: WindowRowsArgs): void;
  rowsToPanels_float32(src: Ptr, rows: number, rowBytes: number, panels: number, dst: Ptr): void;
  rowsToPanels_float64(src: Ptr, rows: number, rowBytes: number, panels: number, dst: Ptr): void;
  columnsToPlanes_float32(src: Ptr, rowBytes: number, N: number, O: number, L: number, bias: Ptr, dst: Ptr): void;
  columnsToPlanes_float64(src: Ptr, rowBytes: number, N: number, O: number, L: number, bias: Ptr, dst: Ptr): void;
  gatherRows_float32(x: Ptr, rowBytes: number, rows: number, index: Ptr, len: number, out: Ptr): void;
  gatherRows_float64(x: Ptr, rowBytes: number, rows: number, index: Ptr, len: number, out: Ptr): void;
  scatterAddRows_float32(src: Ptr, rows: number, len: number, index: Ptr, rowBytes: number, out: Ptr): void;
  scatterAddRows_float64(src: Ptr, rows: number, len: number, index: Ptr, rowBytes: number, out: Ptr): void;
  adamStep_float32(...args: AdamStepArgs): void;
  adamStep_float64(...args: AdamStepArgs): void;
  sumRows_float32(x: Ptr, rows: number, cols: number, out: Ptr): void;
  sumColumns_float32(x: Ptr, rows: number, cols: number, out: Ptr): void;
  sumColumns_float64(x: Ptr, rows: number, cols: number, out: Ptr): void;
  unfoldRows_float32(...args: UnfoldRowsArgs): void;
  windowProduct_float32(x: Ptr, N: number, imageBytes: number, oh: number, rowStep: number, groups: number, offsets: Ptr, K: number,
    w: Ptr, O: number, bias: Ptr, y: Ptr, planeBytes: number): void;
  unfoldRows_float64(...args: UnfoldRowsArgs): void;
  permutePlanes_float32(src: Ptr, N: number, O: number, L: number, dst: Ptr, sN: number, sO: number, sL: number): void;
  permutePlanes_float64(src: Ptr, N: number, O: number, L: number, dst: Ptr, sN: number, sO: number, sL: number): void;
  sumRows_float64(x: Ptr, rows: number, cols: number, out: Ptr): void;
}
/** unfoldRows' parameters (wasm/windows.ts): addresses and steps in bytes, counts in values. */
export type UnfoldRowsArgs = [image: Ptr, dst: Ptr, N: number, imageBytes: number, C: number, planeBytes: number, kh: number, kw: number, oh: number,
  rowStep: number, dhBytes: number, dwBytes: number, sxBytes: number, vectors: number, tail: number];
/** adamStep's parameters (wasm/adam.ts): addresses, the vector count, then KernelSet.adamStep's numbers. */
export type AdamStepArgs = [p: Ptr, g: Ptr, m: Ptr, v: Ptr, vectors: number, b1: number, b2: number, eps: number, stepSize: number, bc2Sqrt: number];
/** windowRows' parameters (wasm/windows.ts): addresses and steps in bytes, counts in values. */
export type WindowRowsArgs = [image: Ptr, rows: Ptr, N: number, imageBytes: number, C: number, planeBytes: number, oh: number, ow: number,
  stepY: number, stepX: number, kh: number, rowStep: number, vectors: number, tail: number, tailStep: number, pad: number];
