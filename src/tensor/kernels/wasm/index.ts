import type { TypedArray } from '../../dtype.js';
import type { Arr } from '../../elementwise.js';
import { isRowMajor, type Shape } from '../../shape.js';
import { copyRowMajor, packPanels, planesAsPanels } from '../js/matmul.js';
import { windowOffsets } from '../js/windows.js';
import type { ImageWindows, KernelSet, MatrixView, ReadProduct, StageOperands } from '../types.js';
import { Arena, roundUp } from './arena.js';
import { poolKernels, threadedMatmul, threadedStaged } from './threads.js';
import type { AdamStepArgs, KernelExports, UnfoldRowsArgs, WindowRowsArgs } from './module.js';
import type { FloatType } from './exp.js';

const LANES = { float32: 4, float64: 2 } as const;
/** Rows shorter than this are copied value by value: a subarray per row costs more than the copy. */
const SHORT_ROW = 64;
/** Operands of at least this many values are laid out for a product in wasm (stageA, stageB); smaller ones in JS. */
const WASM_STAGING = 1024;
const BYTES = { float32: 4, float64: 8 } as const;

/** The float type of an output array, or null (int32: the JS kernel handles it). */
const floatOf = (out: TypedArray): FloatType | null =>
  out instanceof Float32Array ? 'float32' : out instanceof Float64Array ? 'float64' : null;

/**
 * The WebAssembly SIMD kernel set. Each kernel copies its inputs into the arena (converting the
 * element type on the way, as TypedArray.set does), runs, and copies the result out. Cases it does
 * not cover (int32 results, empty or degenerate sizes, elementwise views that are neither
 * row-major nor a repeated row) go to the JS kernel they are given as `js`.
 */
export function wasmKernels(js: KernelSet, arena = new Arena()): KernelSet {
  const view = (t: FloatType): TypedArray => (t === 'float32' ? arena.f32 : arena.f64);

  /** Copies `rows` rows of `cols` values (row r at x[offset + r·cols]) to `at`, rows `stride` apart, padding with `pad`. */
  function copyRows(t: FloatType, x: TypedArray, offset: number, rows: number, cols: number, stride: number, at: number, pad: number): void {
    const v = view(t), base = at / BYTES[t];
    if (stride === cols) { v.set(x.subarray(offset, offset + rows * cols), base); return; }
    if (cols < SHORT_ROW) {
      for (let r = 0, from = offset, to = base; r < rows; r++, to += stride) {
        let j = 0;
        for (; j < cols; j++) v[to + j] = x[from++];
        for (; j < stride; j++) v[to + j] = pad;
      }
      return;
    }
    for (let r = 0; r < rows; r++) {
      v.set(x.subarray(offset + r * cols, offset + (r + 1) * cols), base + r * stride);
      v.fill(pad, base + r * stride + cols, base + (r + 1) * stride);
    }
  }
  /** The inverse of copyRows: rows `stride` apart at `at` into out, row-major. */
  function copyOut(t: FloatType, at: number, rows: number, cols: number, stride: number, out: TypedArray, outOffset: number): void {
    const v = view(t), base = at / BYTES[t];
    if (stride === cols) { out.set(v.subarray(base, base + rows * cols), outOffset); return; }
    if (cols < SHORT_ROW) {
      for (let r = 0, from = base, to = outOffset; r < rows; r++, from += stride) for (let j = 0; j < cols; j++) out[to++] = v[from + j];
      return;
    }
    for (let r = 0; r < rows; r++) out.set(v.subarray(base + r * stride, base + r * stride + cols), outOffset + r * cols);
  }

  /**
   * Row statistics in wasm: per row the shift (row max, or 0 when not finite) and Σ exp(x − shift),
   * and exp(x − shift) itself. Returns the arena addresses, or null (use JS). `extra` per-row
   * arrays and one more rows×cols region are reserved for the caller's second pass.
   */
  function rowPass(t: FloatType, x: TypedArray, offset: number, rows: number, cols: number, extra: number) {
    const stride = roundUp(cols, LANES[t]), bytes = BYTES[t];
    const total = roundUp(rows * stride * bytes, 16) * 3 + roundUp(rows * bytes, 16) * (1 + extra) + roundUp(rows * 8, 16);
    if (rows === 0 || cols === 0 || !arena.begin(total)) return null;
    const xs = arena.take(rows * stride * bytes), shifts = arena.take(rows * bytes), sums = arena.take(rows * 8);
    const exps = arena.take(rows * stride * bytes);
    copyRows(t, x, offset, rows, cols, stride, xs, -Infinity);
    arena.fns[`rowExpSums_${t}`](xs, rows, stride / LANES[t], shifts, sums, exps);
    return { stride, xs, shifts: shifts / bytes, sums: sums / 8, exps };
  }

  function softmaxRows(x: TypedArray, offset: number, rows: number, cols: number, out: TypedArray): void {
    const t = floatOf(out);
    const r = t && rowPass(t, x, offset, rows, cols, 2);
    if (!t || !r) return js.softmaxRows(x, offset, rows, cols, out);
    const v = view(t), scale = arena.take(rows * BYTES[t]), shift = arena.take(rows * BYTES[t]);
    // A row holding +∞ (Σ = ∞) is NaN throughout, as in the JS set and PyTorch.
    for (let i = 0; i < rows; i++) { const s = arena.f64[r.sums + i]; v[scale / BYTES[t] + i] = s === Infinity ? NaN : 1 / s; v[shift / BYTES[t] + i] = 0; }
    arena.fns[`rowAffine_${t}`](r.exps, rows, r.stride / LANES[t], scale, shift, r.exps);
    copyOut(t, r.exps, rows, cols, r.stride, out, 0);
  }

  function logSoftmaxRows(x: TypedArray, offset: number, rows: number, cols: number, out: TypedArray, probs: TypedArray | null): void {
    const t = floatOf(out);
    const r = t && rowPass(t, x, offset, rows, cols, 5);
    if (!t || !r) return js.logSoftmaxRows(x, offset, rows, cols, out, probs);
    const v = view(t), b = BYTES[t];
    const ones = arena.take(rows * b), negShift = arena.take(rows * b), negLog = arena.take(rows * b), inv = arena.take(rows * b), zeros = arena.take(rows * b);
    const o = arena.take(rows * r.stride * b);
    for (let i = 0; i < rows; i++) {
      const s = arena.f64[r.sums + i];
      v[ones / b + i] = 1;
      v[zeros / b + i] = 0;
      v[negShift / b + i] = -v[r.shifts + i]!;
      v[negLog / b + i] = s === Infinity ? NaN : -Math.log(s);
      v[inv / b + i] = 1 / s;
    }
    // (x − shift) − log Σ in two steps, never x − lse: lse rounded to the data type would cost a
    // small log-probability at large logits all its digits (lse = 1e4 has a float32 ulp of 1e-3).
    // x − shift ≤ 0 and −log Σ ≤ 0 (Σ ≥ 1), so the second step adds without cancelling.
    arena.fns[`rowAffine_${t}`](r.xs, rows, r.stride / LANES[t], ones, negShift, o);
    arena.fns[`rowAffine_${t}`](o, rows, r.stride / LANES[t], ones, negLog, o);
    copyOut(t, o, rows, cols, r.stride, out, 0);
    if (!probs) return;
    arena.fns[`rowAffine_${t}`](r.exps, rows, r.stride / LANES[t], inv, zeros, r.exps);
    copyOut(t, r.exps, rows, cols, r.stride, probs, 0);
  }

  function logSoftmaxGradRows(g: TypedArray, gOffset: number, p: TypedArray, pOffset: number, rows: number, cols: number, out: TypedArray): void {
    const t = floatOf(out);
    const stride = t ? roundUp(cols, LANES[t]) : 0, size = t ? roundUp(rows * stride * BYTES[t], 16) : 0;
    if (!t || rows === 0 || cols === 0 || !arena.begin(3 * size)) return js.logSoftmaxGradRows(g, gOffset, p, pOffset, rows, cols, out);
    const xg = arena.take(size), xp = arena.take(size), xo = arena.take(size);
    copyRows(t, g, gOffset, rows, cols, stride, xg, 0);
    copyRows(t, p, pOffset, rows, cols, stride, xp, 0);
    arena.fns[`rowLogSoftmaxGrad_${t}`](xg, xp, rows, stride / LANES[t], xo);
    copyOut(t, xo, rows, cols, stride, out, 0);
  }

  function expSumsRows(x: TypedArray, offset: number, rows: number, cols: number, shifts: Float64Array, sums: Float64Array, exps: TypedArray | null): void {
    const t = exps ? floatOf(exps) : x instanceof Float64Array ? 'float64' : 'float32';
    const r = t && rowPass(t, x, offset, rows, cols, 0);
    if (!t || !r) return js.expSumsRows(x, offset, rows, cols, shifts, sums, exps);
    const v = view(t);
    for (let i = 0; i < rows; i++) { shifts[i] = v[r.shifts + i]; sums[i] = arena.f64[r.sums + i]; }
    if (exps) copyOut(t, r.exps, rows, cols, r.stride, exps, 0);
  }

  function logsumexpRows(x: TypedArray, offset: number, rows: number, cols: number, out: TypedArray): void {
    const t = floatOf(out);
    const r = t && rowPass(t, x, offset, rows, cols, 0);
    if (!t || !r) return js.logsumexpRows(x, offset, rows, cols, out);
    const v = view(t);
    for (let i = 0; i < rows; i++) out[i] = v[r.shifts + i] + Math.log(arena.f64[r.sums + i]);
  }

  function matmul(M: number, N: number, K: number, a: MatrixView, b: MatrixView, out: TypedArray, outOffset: number): void {
    const t = floatOf(out);
    if (!t || M === 0 || N === 0 || K === 0) return js.matmul(M, N, K, a, b, out, outOffset);
    if (threadedMatmul(M, N, K, a, b, out, outOffset)) return;
    matmulStaged(t, M, N, K, (mem, pa, pb, raw) => {
      stageA(a, M, K, mem, pa, raw);
      stageB(b, K, N, mem, pb, raw + M * K);
    }, (_, pc) => copyOut(t, pc * BYTES[t], M, N, Math.ceil(N / 4) * 4, out, outOffset), M * K + K * N);
  }

  /**
   * A (any strides) row-major at mem[at…]. A transposed A (xᵀ in a weight gradient: storage
   * [K, M] row-major) is copied as stored to mem[raw…] and transposed there in wasm: in JS that
   * strided copy costs ~3 ns a value on this VM.
   */
  function stageA(a: MatrixView, M: number, K: number, mem: TypedArray, at: number, raw: number): void {
    if (!owner(mem) || a.rowStride !== 1 || a.colStride !== M || M * K < WASM_STAGING) return copyRowMajor(a, M, K, mem, at);
    mem.set(a.data.subarray(a.offset, a.offset + M * K), raw);
    // K planes of M values: value (k, m) to m·K + k
    permutePlanes(mem, raw, 1, K, M, at, 0, 1, K);
  }
  /**
   * B (any strides) as 4-column panels at mem[at…] (packPanels' layout). A row-major B with whole
   * panels, or a transposed one (a Linear's Wᵀ: storage [N, K] row-major), is copied as stored to
   * mem[raw…] and laid out there in wasm.
   */
  function stageB(b: MatrixView, K: number, N: number, mem: TypedArray, at: number, raw: number): void {
    const size = K * N, rowMajor = b.colStride === 1 && b.rowStride === N && N % 4 === 0, transposed = b.rowStride === 1 && b.colStride === K;
    if (!owner(mem) || size < WASM_STAGING || !(rowMajor || transposed)) return packPanels(b.data, b.offset, b.rowStride, b.colStride, K, N, mem, at);
    mem.set(b.data.subarray(b.offset, b.offset + size), raw);
    // row-major: [K, N/4, 4] → [N/4, K, 4], each run of 4 values one panel row; transposed: rows
    // 4p … 4p + 3 of the storage become the lanes of panel p
    if (rowMajor) permutePlanes(mem, raw, K, N / 4, 4, at, 4, 4 * K, 1);
    else planesAsPanels(permutePlanes, mem, raw, N, K, at, 4 * K);
  }

  /**
   * matmulBatch in wasm: every A and B staged in one arena call (each matrix 16-byte aligned), one
   * kernel call per product, C copied out in one piece; large products go matrix by matrix.
   */
  function matmulBatch(M: number, N: number, K: number, as: readonly MatrixView[], bs: readonly MatrixView[], out: TypedArray): void {
    const t = floatOf(out), count = as.length;
    if (!t || count === 0 || M === 0 || N === 0 || K === 0) return js.matmulBatch(M, N, K, as, bs, out);
    const bytes = BYTES[t], panels = Math.ceil(N / 4), ldc = panels * 4;
    const aBytes = roundUp(M * K * bytes, 16), bBytes = panels * 4 * K * bytes, cBytes = M * ldc * bytes;
    // large products go one by one: each may then be split over threads, and the arena stays small
    if (M * N * K >= 1 << 18 || !arena.begin(count * (aBytes + bBytes + cBytes))) {
      for (let i = 0; i < count; i++) matmul(M, N, K, as[i]!, bs[i]!, out, i * M * N);
      return;
    }
    const pa = arena.take(count * aBytes), pb = arena.take(count * bBytes), pc = arena.take(count * cBytes), v = view(t);
    for (let i = 0; i < count; i++) {
      const b = bs[i]!;
      copyRowMajor(as[i]!, M, K, v, (pa + i * aBytes) / bytes);
      packPanels(b.data, b.offset, b.rowStride, b.colStride, K, N, v, (pb + i * bBytes) / bytes);
    }
    const product = arena.fns[`matmul_${t}`];
    for (let i = 0; i < count; i++) product(M, panels, K, pa + i * aBytes, pb + i * bBytes, pc + i * cBytes);
    // the products lie back to back, so C is one block of count·M rows
    copyOut(t, pc, count * M, N, ldc, out, 0);
  }

  function matmulStaged(t: FloatType, M: number, N: number, K: number, stage: StageOperands, read: ReadProduct, extra = 0): void {
    const bytes = BYTES[t], panels = Math.ceil(N / 4), ldc = panels * 4;
    const total = roundUp(M * K * bytes, 16) + panels * 4 * K * bytes + M * ldc * bytes + roundUp(extra * bytes, 16);
    if (M > 0 && N > 0 && K > 0 && threadedStaged(t, M, N, K, stage, read, extra)) return;
    if (M === 0 || N === 0 || K === 0 || !arena.begin(total)) return js.matmulStaged(t, M, N, K, stage, read, extra);
    const pa = arena.take(M * K * bytes), pp = arena.take(panels * 4 * K * bytes), pc = arena.take(M * ldc * bytes), ps = arena.take(extra * bytes);
    const v = view(t);
    stage(v, pa / bytes, pp / bytes, ps / bytes);
    arena.fns[`matmul_${t}`](M, panels, K, pa, pp, pc);
    read(v, pc / bytes, ps / bytes);
  }

  /**
   * The instance whose memory mem views (a staged product's: the arena, or the thread pool's shared
   * memory) and mem's float type, or null: the JS kernel then.
   */
  function owner(mem: TypedArray): { fns: KernelExports; t: FloatType } | null {
    const fns = mem === arena.f32 || mem === arena.f64 ? arena.fns : poolKernels(mem);
    return fns && { fns, t: mem instanceof Float64Array ? 'float64' : 'float32' };
  }
  /** windowRows' arguments (wasm/windows.ts) for a window walk between mem[image…] and rows rowStride apart at mem[rows…]. */
  function walk(t: FloatType, image: number, win: ImageWindows, rows: number, rowStride: number): WindowRowsArgs {
    const b = BYTES[t], lanes = LANES[t], vectors = win.dw === 1 ? Math.floor(win.kw / lanes) : 0;
    return [image * b, rows * b, win.N, win.C * win.plane * b, win.C, win.plane * b, win.oh, win.ow, win.sy * win.Wp * b, win.sx * b,
      win.kh, win.dh * win.Wp * b, vectors, win.kw - vectors * lanes, win.dw * b, rowStride - win.C * win.kh * win.kw];
  }
  function im2colRows(mem: TypedArray, image: number, win: ImageWindows, dst: number, rowStride: number): void {
    const o = owner(mem);
    if (!o) return js.im2colRows(mem, image, win, dst, rowStride);
    o.fns[`im2colRows_${o.t}`](...walk(o.t, image, win, dst, rowStride));
  }
  function im2colPanels(mem: TypedArray, image: number, win: ImageWindows, dst: number, temp: number): void {
    const o = owner(mem);
    if (!o) return js.im2colPanels(mem, image, win, dst, temp);
    // by rows padded to whole panels, then those rows' 4-value blocks moved into the panels
    const panels = Math.ceil((win.C * win.kh * win.kw) / 4), R = win.N * win.oh * win.ow, b = BYTES[o.t];
    o.fns[`im2colRows_${o.t}`](...walk(o.t, image, win, temp, 4 * panels));
    o.fns[`rowsToPanels_${o.t}`](temp * b, R, 4 * panels * b, panels, dst * b);
  }
  function columnsToPlanes(mem: TypedArray, src: number, rowStride: number, N: number, O: number, L: number, bias: number, dst: number): void {
    const o = owner(mem);
    if (!o || bias < 0) return js.columnsToPlanes(mem, src, rowStride, N, O, L, bias, dst);
    const b = BYTES[o.t];
    o.fns[`columnsToPlanes_${o.t}`](src * b, rowStride * b, N, O, L, bias * b, dst * b);
  }
  function unfoldRows(mem: TypedArray, image: number, win: ImageWindows, dst: number): void {
    const o = owner(mem);
    if (!o) return js.unfoldRows(mem, image, win, dst);
    const b = BYTES[o.t], vectors = win.sx === 1 ? Math.floor(win.ow / LANES[o.t]) : 0;
    const args: UnfoldRowsArgs = [image * b, dst * b, win.N, win.C * win.plane * b, win.C, win.plane * b, win.kh, win.kw, win.oh,
      win.sy * win.Wp * b, win.dh * win.Wp * b, win.dw * b, win.sx * b, vectors, win.ow - vectors * LANES[o.t]];
    o.fns[`unfoldRows_${o.t}`](...args);
  }
  function permutePlanes(mem: TypedArray, src: number, N: number, O: number, L: number, dst: number, sN: number, sO: number, sL: number): void {
    const o = owner(mem);
    if (!o) return js.permutePlanes(mem, src, N, O, L, dst, sN, sO, sL);
    const b = BYTES[o.t];
    o.fns[`permutePlanes_${o.t}`](src * b, N, O, L, dst * b, sN * b, sO * b, sL * b);
  }
  function col2imRows(mem: TypedArray, src: number, rowStride: number, win: ImageWindows, image: number): void {
    const o = owner(mem);
    if (!o) return js.col2imRows(mem, src, rowStride, win, image);
    o.fns[`col2imRows_${o.t}`](...walk(o.t, image, win, src, rowStride));
  }

  /**
   * windowArgmax in wasm for the common pool (2×2, stride 2) over float32 planes whose rows are
   * contiguous and W apart, planes sc apart and images C·sc apart, with whole groups of 4 windows
   * per row (ow a multiple of 4); other cases run the JS kernel.
   */
  function windowArgmax(x: TypedArray, offset: number, sn: number, sc: number, sy: number, sx: number, N: number, C: number, W: number,
    kh: number, kw: number, strideY: number, strideX: number, oh: number, ow: number, out: Int32Array): void {
    // plane p = n·C + c starts p·stride in: one stride for both dims (C = 1: the image stride)
    const planes = N * C, n = planes * oh * ow, stride = C === 1 ? sn : sc;
    const fits = x instanceof Float32Array && kh === 2 && kw === 2 && strideY === 2 && strideX === 2 && ow % 4 === 0 && n > 0 &&
      sx === 1 && sy === W && 2 * ow <= W && (N === 1 || sn === C * stride) && (planes === 1 || stride >= 2 * oh * W);
    const size = fits ? (planes - 1) * stride + 2 * oh * W : 0;
    if (!fits || !arena.begin(roundUp(size * 4, 16) + roundUp(n * 4, 16))) {
      return js.windowArgmax(x, offset, sn, sc, sy, sx, N, C, W, kh, kw, strideY, strideX, oh, ow, out);
    }
    const src = arena.take(size * 4), dst = arena.take(n * 4);
    arena.f32.set(x.subarray(offset, offset + size), src / 4);
    arena.fns.pool2x2Argmax_float32(src, planes, stride, W, oh, ow / 4, dst);
    out.set(new Int32Array(arena.f32.buffer, dst, n));
  }

  /** gatherRows in wasm for float values: x's rows and the indices copied in, the picks copied out. */
  function gatherRows(x: TypedArray, xOffset: number, rowLength: number, rows: number, index: Int32Array, iOffset: number, len: number, out: TypedArray): void {
    const t = floatOf(out), n = rows * len, b = t ? BYTES[t] : 0;
    if (!t || n === 0 || !(x instanceof (t === 'float32' ? Float32Array : Float64Array)) ||
      !arena.begin(roundUp(rows * rowLength * b, 16) + roundUp(n * 4, 16) + roundUp(n * b, 16))) {
      return js.gatherRows(x, xOffset, rowLength, rows, index, iOffset, len, out);
    }
    const px = arena.take(rows * rowLength * b), pi = arena.take(n * 4), po = arena.take(n * b);
    view(t).set(x.subarray(xOffset, xOffset + rows * rowLength), px / b);
    arena.i32.set(index.subarray(iOffset, iOffset + n), pi / 4);
    arena.fns[`gatherRows_${t}`](px, rowLength * b, rows, pi, len, po);
    copyOut(t, po, 1, n, n, out, 0);
  }
  /** scatterAddRows in wasm for float values: out (its current values), src and the indices copied in, out copied back. */
  function scatterAddRows(src: TypedArray, sOffset: number, rows: number, len: number, index: Int32Array, iOffset: number, rowLength: number, out: TypedArray): void {
    const t = floatOf(out), n = rows * len, size = rows * rowLength, b = t ? BYTES[t] : 0;
    if (!t || n === 0 || !(src instanceof (t === 'float32' ? Float32Array : Float64Array)) ||
      !arena.begin(roundUp(n * b, 16) + roundUp(n * 4, 16) + roundUp(size * b, 16))) {
      return js.scatterAddRows(src, sOffset, rows, len, index, iOffset, rowLength, out);
    }
    const ps = arena.take(n * b), pi = arena.take(n * 4), po = arena.take(size * b), v = view(t);
    v.set(src.subarray(sOffset, sOffset + n), ps / b);
    arena.i32.set(index.subarray(iOffset, iOffset + n), pi / 4);
    v.set(out.subarray(0, size), po / b);
    arena.fns[`scatterAddRows_${t}`](ps, rows, len, pi, rowLength * b, po);
    copyOut(t, po, 1, size, size, out, 0);
  }

  /** windowProduct in wasm for float32 windows stepping by one column over runs of 4 output columns: image, offsets, weights and bias copied in, the planes copied out. */
  function windowProduct(x: TypedArray, xOffset: number, win: ImageWindows, weight: TypedArray, wOffset: number, bias: TypedArray | null, bOffset: number, O: number, out: TypedArray): void {
    const { N, C, plane, kh, kw, oh, ow } = win, K = C * kh * kw, L = oh * ow, image = N * C * plane;
    const fits = x instanceof Float32Array && weight instanceof Float32Array && (bias === null || bias instanceof Float32Array) && out instanceof Float32Array &&
      win.sx === 1 && ow % 4 === 0 && N * O * L > 0 && K > 0;
    if (!fits || !arena.begin(roundUp(image * 4, 16) + roundUp(K * 4, 16) + roundUp(O * K * 4, 16) + roundUp(O * 4, 16) + roundUp(N * O * L * 4, 16))) {
      return js.windowProduct(x, xOffset, win, weight, wOffset, bias, bOffset, O, out);
    }
    const px = arena.take(image * 4), po = arena.take(K * 4), pw = arena.take(O * K * 4), pb = arena.take(O * 4), py = arena.take(N * O * L * 4);
    const f32 = arena.f32, offsets = windowOffsets(win);
    f32.set(x.subarray(xOffset, xOffset + image), px / 4);
    for (let k = 0; k < K; k++) arena.i32[po / 4 + k] = 4 * offsets[k]!;
    f32.set(weight.subarray(wOffset, wOffset + O * K), pw / 4);
    if (bias) f32.set(bias.subarray(bOffset, bOffset + O), pb / 4);
    else f32.fill(0, pb / 4, pb / 4 + O);
    arena.fns.windowProduct_float32(px, N, C * plane * 4, oh, win.sy * win.Wp * 4, ow / 4, po, K, pw, O, pb, py, L * 4);
    copyOut('float32', py, 1, N * O * L, N * O * L, out, 0);
  }

  /** adamStep in wasm: the four arrays copied in (the last vector's spare lanes hold whatever is there), p, m and v copied back. */
  function adamStep(p: TypedArray, g: TypedArray, m: TypedArray, v: TypedArray, b1: number, b2: number, eps: number, stepSize: number, bc2Sqrt: number): void {
    const t = floatOf(p), n = p.length, arrays = [p, g, m, v];
    if (!t || n === 0 || !arrays.every((a) => a.constructor === p.constructor && a.length === n) || !arena.begin(4 * roundUp(n * BYTES[t], 16))) {
      return js.adamStep(p, g, m, v, b1, b2, eps, stepSize, bc2Sqrt);
    }
    const bytes = BYTES[t], at = arrays.map((a) => { const r = arena.take(n * bytes); view(t).set(a, r / bytes); return r; });
    const args: AdamStepArgs = [at[0]!, at[1]!, at[2]!, at[3]!, Math.ceil(n / LANES[t]), b1, b2, eps, stepSize, bc2Sqrt];
    arena.fns[`adamStep_${t}`](...args);
    copyOut(t, at[0]!, 1, n, n, p, 0);
    copyOut(t, at[2]!, 1, n, n, m, 0);
    copyOut(t, at[3]!, 1, n, n, v, 0);
  }

  /**
   * sumRows (one sum per row) or sumColumns (one per column) in wasm when x and out are one float
   * type: the rows copied in, the sums copied out.
   */
  const sums = (name: 'sumRows' | 'sumColumns') => (x: TypedArray, offset: number, rows: number, cols: number, out: TypedArray): void => {
    const t = floatOf(out), n = rows * cols, count = name === 'sumRows' ? rows : cols;
    if (!t || n === 0 || !(x instanceof (t === 'float32' ? Float32Array : Float64Array)) ||
      !arena.begin(roundUp(n * BYTES[t], 16) + roundUp(count * BYTES[t], 16))) {
      return js[name](x, offset, rows, cols, out);
    }
    const bytes = BYTES[t], px = arena.take(n * bytes), po = arena.take(count * bytes);
    view(t).set(x.subarray(offset, offset + n), px / bytes);
    arena.fns[`${name}_${t}`](px, rows, cols, po);
    copyOut(t, po, 1, count, count, out, 0);
  };

  /** An elementwise kernel by name (float32-only kernels are never asked for in float64: see float32Only). */
  const exported = (name: string) => arena.fns[name as keyof KernelExports] as (...args: number[]) => void;

  /** Elementwise unary over a row-major input of any element type into a float output. */
  const unary = (name: 'exp' | 'relu' | 'gelu', float32Only = false) => (out: TypedArray, shape: Shape, a: Arr): void => {
    const t = floatOf(out) === 'float64' && float32Only ? null : floatOf(out), n = out.length;
    if (!t || n === 0 || !isRowMajor(shape, a.stride) || !arena.begin(2 * roundUp(n * BYTES[t], 16))) return js[name](out, shape, a);
    const src = arena.take(n * BYTES[t]), dst = arena.take(n * BYTES[t]);
    view(t).set(a.data.subarray(a.offset, a.offset + n), src / BYTES[t]);
    exported(`${name}_${t}`)(src, dst, Math.ceil(n / LANES[t]));
    copyOut(t, dst, 1, n, n, out, 0);
  };

  /**
   * Elementwise binary where each input is row-major or one row repeated (a stride-0 broadcast
   * over leading dims, as a bias is): the kernel walks rows, advancing a repeated input by 0.
   */
  const binary = (name: 'add' | 'mul' | 'reluGrad' | 'geluGrad', float32Only = false) => (out: TypedArray, shape: Shape, a: Arr, b?: Arr): void => {
    const t = floatOf(out) === 'float64' && float32Only ? null : floatOf(out), n = out.length;
    const pa = repeatPeriod(shape, a.stride), pb = b ? repeatPeriod(shape, b.stride) : 0;
    const cols = Math.min(pa, pb), rows = n / cols;
    const fits = t && n > 0 && b && cols > 0 && (pa === n || pb === n) && (rows === 1 || cols % LANES[t] === 0);
    if (!fits || !arena.begin(roundUp(pa * BYTES[t], 16) + roundUp(pb * BYTES[t], 16) + roundUp(n * BYTES[t], 16))) {
      return js[name](out, shape, a, b);
    }
    const bytes = BYTES[t], v = view(t);
    const xa = arena.take(pa * bytes), xb = arena.take(pb * bytes), xo = arena.take(n * bytes);
    v.set(a.data.subarray(a.offset, a.offset + pa), xa / bytes);
    v.set(b.data.subarray(b.offset, b.offset + pb), xb / bytes);
    const step = cols * bytes;
    exported(`${name}_${t}`)(xa, pa === n ? step : 0, xb, pb === n ? step : 0, xo, rows, Math.ceil(cols / LANES[t]));
    copyOut(t, xo, 1, n, n, out, 0);
  };

  return {
    matmul, matmulBatch, matmulStaged, windowArgmax, im2colRows, im2colPanels, unfoldRows, windowProduct, col2imRows, columnsToPlanes, permutePlanes, gatherRows, scatterAddRows, adamStep, sumRows: sums('sumRows'), sumColumns: sums('sumColumns'), softmaxRows, logSoftmaxRows, logSoftmaxGradRows, logsumexpRows, expSumsRows,
    add: binary('add'), mul: binary('mul'), relu: unary('relu'), exp: unary('exp'), reluGrad: binary('reluGrad'),
    // float32 only: float64 keeps the JS kernels' erf, good to 1e-15 (wasm/gelu.ts)
    gelu: unary('gelu', true), geluGrad: binary('geluGrad', true),
  } satisfies KernelSet;
}

/**
 * The number of elements of one repeat when a view is a row-major block repeated along its leading
 * dims (stride 0 there), e.g. a bias [n] expanded to [m, n] has period n; a row-major view has
 * period = its size. −1 for any other layout.
 */
function repeatPeriod(shape: Shape, stride: Shape): number {
  let period = 1, d = shape.length - 1;
  for (; d >= 0 && (shape[d] === 1 || stride[d] === period); d--) period *= shape[d];
  for (; d >= 0; d--) if (shape[d] !== 1 && stride[d] !== 0) return -1;
  return period;
}
