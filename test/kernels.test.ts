import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { conv2d, getBackend, getThreads, setBackend, setThreads, tensor } from '../src/index.js';
import { makeView } from '../src/tensor/view.js';
import { rowMajorStrides } from '../src/tensor/shape.js';
import type { TypedArray } from '../src/tensor/dtype.js';
import type { Arr } from '../src/tensor/elementwise.js';
import type { KernelName, KernelSet } from '../src/tensor/kernels/index.js';
import { jsKernels } from '../src/tensor/kernels/js/index.js';
import { packPanels } from '../src/tensor/kernels/js/matmul.js';
import { erfcx } from '../src/tensor/erf.js';
import { wasmKernels } from '../src/tensor/kernels/wasm/index.js';
import { Arena } from '../src/tensor/kernels/wasm/arena.js';

const arena = new Arena(undefined, 65536);
const wasm = wasmKernels(jsKernels, arena);

/** Distance in units in the last place between two floats of one type (0 when both are NaN). */
function ulps(a: number, b: number, wide: boolean): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  // Floats of one sign are ordered like their bit patterns; negatives are mirrored below zero.
  const ordinal = (x: number): bigint => {
    const bits = wide ? new BigInt64Array(Float64Array.of(x).buffer)[0] : BigInt(new Int32Array(Float32Array.of(x).buffer)[0]);
    const magnitude = bits & (wide ? 0x7fffffffffffffffn : 0x7fffffffn);
    return bits < 0n ? -magnitude : magnitude;
  };
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}

const flat = (data: TypedArray): Arr => makeView(data, [data.length], [1], 0);

/** Every float of a type at 16 points per binade, both signs, plus the edge cases. */
function expInputs(wide: boolean): number[] {
  const xs = [0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 1e-310, 2 ** -149, 1e-40, -1e-40];
  const [lo, hi] = wide ? [-1080, 1024] : [-150, 128];
  for (let e = lo; e < hi; e++) for (let m = 0; m < 16; m++) xs.push(2 ** e * (1 + m / 16), -(2 ** e) * (1 + m / 16));
  // Around the thresholds: overflow, the smallest normal result and the last nonzero result.
  const edges = wide ? [709.782712893384, -708.3964185322641, -745.1332191019411] : [88.72283935546875, -87.33654475055310, -103.97207708];
  for (const t of edges) for (let k = -64; k <= 64; k++) xs.push(t * (1 + k * 2 ** -40));
  for (let i = 0; i < 20000; i++) xs.push((i / 20000 - 0.5) * (wide ? 1500 : 200));
  return xs;
}

for (const dtype of ['float32', 'float64'] as const) {
  test(`SIMD exp (${dtype}) against Math.exp over the whole range: ±Inf, NaN, subnormals, over/underflow`, () => {
    const wide = dtype === 'float64';
    const Type = wide ? Float64Array : Float32Array;
    const x = Type.from(expInputs(wide));
    const got = new Type(x.length), want = x.map((v) => Math.exp(v));
    wasm.exp(got, [x.length], flat(x));
    let worst = 0, at = 0;
    for (let i = 0; i < x.length; i++) {
      const u = ulps(got[i], want[i], wide);
      if (u > worst) [worst, at] = [u, i];
    }
    assert.ok(worst <= 1, `exp(${x[at]}) = ${got[at]}, Math.exp gives ${want[at]} (${worst} ulp)`);
    assert.equal([...got.subarray(0, 5)], [1, 1, Infinity, 0, NaN]);
  });
}

type Float = 'float32' | 'float64';
const TYPES = { float32: Float32Array, float64: Float64Array, int32: Int32Array } as const;

/** Seeded uniform values in [−scale, scale) (integers for int32). */
function random(dtype: keyof typeof TYPES, n: number, seed: number, scale = 4): TypedArray {
  let s = seed >>> 0;
  const out = new TYPES[dtype](n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = dtype === 'int32' ? (s % 21) - 10 : (s / 2 ** 32 - 0.5) * 2 * scale;
  }
  return out;
}

/**
 * One case per kernel: runs it on a kernel set and returns what it wrote. Each covers float32 and
 * float64 (and int32 where the op takes it), odd sizes, and views: offsets, transposes, slices,
 * broadcasts. Both sets get the same inputs; the test compares their outputs.
 */
type Case = (k: KernelSet, dtype: Float, seed: number) => TypedArray[];
const mm = (M: number, N: number, K: number, layout: 'rowmajor' | 'transposed' | 'strided'): Case => (k, dtype, seed) => {
  // A and B sit inside larger buffers at an offset, with the strides of the layout.
  const a = random(dtype, 3 * M * K + 5, seed), b = random(dtype, 3 * K * N + 7, seed + 1);
  const A = layout === 'rowmajor' ? { data: a, offset: 5, rowStride: K, colStride: 1 }
    : layout === 'transposed' ? { data: a, offset: 5, rowStride: 1, colStride: M }
      : { data: a, offset: 5, rowStride: 3 * K, colStride: 2 };
  const B = layout === 'rowmajor' ? { data: b, offset: 7, rowStride: N, colStride: 1 }
    : layout === 'transposed' ? { data: b, offset: 7, rowStride: 1, colStride: K }
      : { data: b, offset: 7, rowStride: 1, colStride: 3 * K };
  const out = new TYPES[dtype](M * N + 3).fill(-1);
  k.matmul(M, N, K, A, B, out, 3);
  return [out];
};
/** A batch of `count` products, matrix i of A and B at offsets 3 + i·(size + 1) in one buffer each (B transposed when asked). */
const batch = (count: number, M: number, N: number, K: number, transposedB: boolean): Case => (k, dtype, seed) => {
  const a = random(dtype, count * (M * K + 1) + 3, seed), b = random(dtype, count * (K * N + 1) + 3, seed + 1);
  const as = Array.from({ length: count }, (_, i) => ({ data: a, offset: 3 + i * (M * K + 1), rowStride: K, colStride: 1 }));
  const bs = Array.from({ length: count }, (_, i) => ({ data: b, offset: 3 + i * (K * N + 1), rowStride: transposedB ? 1 : N, colStride: transposedB ? K : 1 }));
  const out = new TYPES[dtype](count * M * N).fill(-1);
  k.matmulBatch(M, N, K, as, bs, out);
  return [out];
};
/**
 * The staged product: A written row-major and B as panels by the caller, C read back from the
 * kernel's memory (4⌈N/4⌉ wide); also what mem holds outside the regions must not matter.
 */
const staged = (M: number, N: number, K: number): Case => (k, dtype, seed) => {
  const a = random(dtype, M * K, seed), b = random(dtype, K * N, seed + 1), Np = Math.ceil(N / 4) * 4;
  const out = new TYPES[dtype](M * Np).fill(-1);
  k.matmulStaged(dtype, M, N, K, (mem, pa, pb) => {
    assert.is(mem.constructor, TYPES[dtype]);
    mem.set(a, pa);
    packPanels(b, 0, N, 1, K, N, mem.subarray(pb));
  }, (mem, pc) => out.set(mem.subarray(pc, pc + M * Np)));
  return [out];
};
/**
 * Max-pool argmax over x [N, C, H, W] (a view into a larger buffer when `strided`): ReLU-like
 * data (ties at 0), a NaN, and equal values, so the tie and NaN rules are exercised; kernel
 * [kh, kw] with stride s. The wasm set runs 2×2 stride 2 with ow a multiple of 4 itself.
 */
const pool = (shape: number[], kernel: [number, number], s: number, strided = false): Case => (k, dtype, seed) => {
  const [N, C, H, W] = shape, extra = strided ? 3 : 0;
  const data = random(dtype, N * C * (H + extra) * W + 5, seed).map((v) => Math.max(0, Math.round(v * 2) / 2));
  data[7] = NaN;
  const sc = (H + extra) * W, sn = C * sc;
  const oh = Math.floor((H - kernel[0]) / s) + 1, ow = Math.floor((W - kernel[1]) / s) + 1;
  const out = new Int32Array(N * C * oh * ow).fill(-1);
  k.windowArgmax(data, 5, sn, sc, W, 1, N, C, W, kernel[0], kernel[1], s, s, oh, ow, out);
  return [out];
};
/**
 * The window kernels inside a staged product's memory (the wasm set runs them only there): a
 * random image batch [N, C, Hp, Wp] under kh×kw windows with strides and dilations, rows
 * `rowPad` values longer than K. The output regions start out as 7s, so a value the kernel
 * should write (padding zeros included) and does not shows.
 */
const windows = (name: 'im2colRows' | 'im2colPanels' | 'unfoldRows' | 'col2imRows', [N, C, Hp, Wp]: number[], [kh, kw]: number[], [sy, sx]: number[], [dh, dw]: number[], rowPad = 0): Case => (k, dtype, seed) => {
  const oh = Math.floor((Hp - dh * (kh - 1) - 1) / sy) + 1, ow = Math.floor((Wp - dw * (kw - 1) - 1) / sx) + 1;
  const win = { N, C, plane: Hp * Wp, Wp, kh, kw, sy, sx, dh, dw, oh, ow };
  const size = N * C * Hp * Wp, R = N * oh * ow, K = C * kh * kw, Kp = Math.ceil(K / 4) * 4, stride = K + rowPad;
  const image = random(dtype, size, seed), rows = random(dtype, R * stride, seed + 1);
  let out: TypedArray = new TYPES[dtype](0);
  k.matmulStaged(dtype, 1, 1, 1, (mem, _a, _b, s) => {
    const at = s + size;
    mem.set(image, s);
    if (name === 'col2imRows') {
      mem.set(rows, at);
      k.col2imRows(mem, at, stride, win, s);
      out = mem.slice(s, s + size);
      return;
    }
    const length = name === 'im2colRows' ? R * stride : name === 'unfoldRows' ? R * K : R * Kp;
    mem.fill(7, at, at + 2 * R * Math.max(Kp, stride));
    if (name === 'im2colRows') k.im2colRows(mem, s, win, at, stride);
    else if (name === 'unfoldRows') k.unfoldRows(mem, s, win, at);
    else k.im2colPanels(mem, s, win, at, at + R * Kp);
    out = mem.slice(at, at + length);
  }, () => {}, size + 2 * R * Math.max(Kp, stride));
  return [out];
};
/** columnsToPlanes inside a staged product's memory: rows rowStride apart, with a bias or none (−1). */
const planes = (N: number, O: number, L: number, rowStride: number, withBias: boolean): Case => (k, dtype, seed) => {
  const src = random(dtype, N * L * rowStride, seed), bias = random(dtype, O, seed + 1);
  let out: TypedArray = new TYPES[dtype](0);
  k.matmulStaged(dtype, 1, 1, 1, (mem, _a, _b, s) => {
    const b = s + src.length, dst = b + O;
    mem.set(src, s);
    mem.set(bias, b);
    mem.fill(7, dst, dst + N * O * L);
    k.columnsToPlanes(mem, s, rowStride, N, O, L, withBias ? b : -1, dst);
    out = mem.slice(dst, dst + N * O * L);
  }, () => {}, src.length + O + N * O * L);
  return [out];
};
/** windowProduct over a random image [N, C, Hp, Wp] (values in ±1, at offset 2) with O channels, a bias or none. */
const product = ([N, C, Hp, Wp]: number[], [kh, kw]: number[], [sy, sx]: number[], [dh, dw]: number[], O: number, withBias: boolean): Case => (k, dtype, seed) => {
  const oh = Math.floor((Hp - dh * (kh - 1) - 1) / sy) + 1, ow = Math.floor((Wp - dw * (kw - 1) - 1) / sx) + 1, K = C * kh * kw;
  const win = { N, C, plane: Hp * Wp, Wp, kh, kw, sy, sx, dh, dw, oh, ow };
  const x = random(dtype, N * C * Hp * Wp + 2, seed, 1), weight = random(dtype, O * K + 1, seed + 1, 1), bias = random(dtype, O + 3, seed + 2, 1);
  const out = new TYPES[dtype](N * O * oh * ow);
  k.windowProduct(x, 2, win, weight, 1, withBias ? bias : null, 3, O, out);
  return [out];
};
/** permutePlanes of N·O planes of L values inside a staged product's memory, to G (per position, rows `O` apart) or Gᵀ (channel-major); the rest of the target stays 7. */
const permuted = (N: number, O: number, L: number, channelMajor: boolean): Case => (k, dtype, seed) => {
  const src = random(dtype, N * O * L, seed), size = N * O * L + 5;
  let out: TypedArray = new TYPES[dtype](0);
  k.matmulStaged(dtype, 1, 1, 1, (mem, _a, _b, s) => {
    const dst = s + size + 1; // after the planes, off by one value from a vector boundary
    mem.set(src, s);
    mem.fill(7, dst, dst + size);
    if (channelMajor) k.permutePlanes(mem, s, N, O, L, dst, L, N * L, 1);
    else k.permutePlanes(mem, s, N, O, L, dst, L * O, 1, O);
    out = mem.slice(dst, dst + size);
  }, () => {}, 2 * size + 1);
  return [out];
};
/** gatherRows / scatterAddRows over `rows` rows of rowLength values, len picks each (repeats included), from offsets into larger arrays. */
const picks = (name: 'gatherRows' | 'scatterAddRows', rows: number, rowLength: number, len: number): Case => (k, dtype, seed) => {
  const index = Int32Array.from({ length: rows * len + 2 }, (_, i) => (i * 7 + seed) % rowLength);
  if (name === 'gatherRows') {
    const x = random(dtype, rows * rowLength + 3, seed), out = new TYPES[dtype](rows * len);
    k.gatherRows(x, 3, rowLength, rows, index, 2, len, out);
    return [out];
  }
  const src = random(dtype, rows * len + 1, seed), out = random(dtype, rows * rowLength, seed + 1);
  k.scatterAddRows(src, 1, rows, len, index, 2, rowLength, out);
  return [out];
};
const rows = (name: 'softmaxRows' | 'logSoftmaxRows' | 'logsumexpRows', R: number, C: number, withProbs = false): Case => (k, dtype, seed) => {
  const x = random(dtype, R * C + 2, seed, 30);
  x[2 + C] = -Infinity; // a −∞ logit, and one row entirely −∞ when there are two rows
  if (R > 1) x.fill(-Infinity, 2 + C, 2 + 2 * C);
  if (R > 2) x[2 + 2 * C + 1] = NaN; // a NaN makes its whole row NaN
  if (R > 3) x[2 + 3 * C] = Infinity;
  const out = new TYPES[dtype](name === 'logsumexpRows' ? R : R * C);
  if (name === 'logSoftmaxRows') {
    const probs = withProbs ? new TYPES[dtype](R * C) : null;
    k.logSoftmaxRows(x, 2, R, C, out, probs);
    return probs ? [out, probs] : [out];
  }
  k[name](x, 2, R, C, out);
  return [out];
};
const expSums = (R: number, C: number, keep: boolean): Case => (k, dtype, seed) => {
  const x = random(dtype, R * C + 1, seed, 30);
  if (R > 1) x.fill(-Infinity, 1 + C, 1 + 2 * C); // a row of −∞: shift 0, sum 0
  if (R > 2) for (let c = 0; c < C; c++) x[1 + 2 * C + c] = c / 8; // ascending: the max moves every step
  const shifts = new Float64Array(R), sums = new Float64Array(R), exps = keep ? new TYPES[dtype](R * C) : null;
  k.expSumsRows(x, 1, R, C, shifts, sums, exps);
  return exps ? [shifts, sums, exps] : [shifts, sums];
};
const grad = (R: number, C: number): Case => (k, dtype, seed) => {
  const g = random(dtype, R * C + 3, seed), p = random(dtype, R * C + 1, seed + 1, 1);
  const out = new TYPES[dtype](R * C);
  k.logSoftmaxGradRows(g, 3, p, 1, R, C, out);
  return [out];
};
const ew = (name: 'add' | 'mul' | 'relu' | 'exp' | 'reluGrad' | 'gelu' | 'geluGrad', shape: number[], layout: 'rowmajor' | 'bias' | 'biasFirst' | 'transposed', int = false): Case => (k, dtype, seed) => {
  const t = int ? 'int32' : dtype;
  const n = shape.reduce((p, d) => p * d, 1), last = shape[shape.length - 1];
  const full = (s: number) => makeView(random(t, n + 1, s), shape, rowMajorStrides(shape), 1);
  const bias = (s: number) => makeView(random(t, last, s), shape, shape.map((_, i) => (i === shape.length - 1 ? 1 : 0)), 0);
  const a = layout === 'biasFirst' ? bias(seed) : layout === 'transposed' ? full(seed).transpose(1, 0) : full(seed);
  const b = layout === 'bias' ? bias(seed + 1) : full(seed + 1);
  const outShape = a.shape.slice();
  const out = new TYPES[t](n);
  k[name](out, outShape, a, name === 'add' || name === 'mul' || name === 'reluGrad' || name === 'geluGrad' ? (layout === 'transposed' ? b.transpose(1, 0) : b) : undefined);
  return [out];
};

/** Three Adam steps (t = 1, 2, 3: PyTorch's bias corrections at lr 1e-3) from random p, g, m and v ≥ 0; `edges` puts 0, −0, ±1e30, ±1e-30, NaN and ±∞ into g. */
const adam = (n: number, edges = false): Case => (k, dtype, seed) => {
  const p = random(dtype, n, seed), g = random(dtype, n, seed + 1), m = random(dtype, n, seed + 2, 0.1), v = random(dtype, n, seed + 3, 0.01).map(Math.abs);
  if (edges) [0, -0, 1e30, -1e30, 1e-30, -1e-30, NaN, Infinity, -Infinity].forEach((x, i) => { if (i < n) g[i] = x; });
  for (let t = 1; t <= 3; t++) k.adamStep(p, g, m, v, 0.9, 0.999, 1e-8, 1e-3 / (1 - 0.9 ** t), Math.sqrt(1 - 0.999 ** t));
  return [p, m, v];
};

/** sumRows over R rows of C values 3 into x (with NaN, ±∞ and −0 rows when `edges`). */
const sums = (R: number, C: number, edges = false): Case => (k, dtype, seed) => {
  const x = random(dtype, R * C + 3, seed, 1e3), out = new TYPES[dtype](R);
  if (edges && R >= 3) { x[3] = NaN; x[3 + C] = Infinity; for (let i = 0; i < C; i++) x[3 + 2 * C + i] = -0; }
  k.sumRows(x, 3, R, C, out);
  return [out];
};

/** sumColumns over R rows of C values 3 into x (a NaN, an ∞ and a −0 column when `edges`). */
const columnSums = (R: number, C: number, edges = false): Case => (k, dtype, seed) => {
  const x = random(dtype, R * C + 3, seed, 1e3), out = new TYPES[dtype](C).fill(9);
  if (edges && C >= 3) for (let r = 0; r < R; r++) { x[3 + r * C] = r === 1 ? NaN : 1; x[4 + r * C] = Infinity; x[5 + r * C] = -0; }
  k.sumColumns(x, 3, R, C, out);
  return [out];
};

const CASES = {
  matmul: [mm(1, 1, 1, 'rowmajor'), mm(7, 9, 5, 'rowmajor'), mm(13, 6, 11, 'transposed'), mm(5, 17, 3, 'strided'), mm(9, 12, 33, 'rowmajor'), mm(64, 10, 128, 'transposed'), mm(33, 16, 70, 'rowmajor'), mm(70, 36, 40, 'transposed'), mm(0, 3, 2, 'rowmajor'), mm(3, 4, 0, 'rowmajor')],
  matmulBatch: [batch(1, 3, 5, 2, false), batch(64, 14, 14, 8, false), batch(64, 14, 8, 14, true), batch(7, 5, 3, 9, true), batch(3, 0, 4, 2, false), batch(2, 3, 4, 0, false), batch(2, 70, 70, 70, false)],
  matmulStaged: [staged(1, 1, 1), staged(6, 25, 37), staged(7, 9, 5), staged(13, 8, 200), staged(0, 3, 2), staged(3, 4, 0)],
  windowArgmax: [pool([2, 3, 8, 8], [2, 2], 2), pool([64, 6, 24, 24], [2, 2], 2), pool([3, 1, 9, 16], [2, 2], 2), pool([2, 2, 8, 8], [2, 2], 2, true),
    pool([1, 2, 8, 12], [2, 2], 2), pool([2, 3, 7, 7], [3, 3], 2), pool([2, 2, 6, 10], [2, 2], 2)],
  im2colRows: [windows('im2colRows', [2, 1, 8, 8], [5, 5], [1, 1], [1, 1]), windows('im2colRows', [2, 3, 9, 11], [3, 2], [2, 1], [1, 2], 3),
    windows('im2colRows', [1, 2, 12, 12], [4, 9], [1, 1], [1, 1], 1), windows('im2colRows', [3, 2, 6, 7], [1, 1], [1, 2], [1, 1]),
    // K = 41·25 > 1024: the JS set's loop per kernel row instead of a copier with every offset written out
    windows('im2colRows', [2, 41, 6, 7], [5, 5], [1, 1], [1, 1], 3)],
  im2colPanels: [windows('im2colPanels', [2, 1, 8, 8], [5, 5], [1, 1], [1, 1]), windows('im2colPanels', [2, 3, 9, 11], [3, 2], [2, 1], [1, 2]),
    windows('im2colPanels', [1, 2, 7, 13], [2, 12], [1, 1], [2, 1]), windows('im2colPanels', [3, 2, 12, 13], [3, 3], [1, 1], [1, 1]), // 330 rows: blocks of 64 and a part
    windows('im2colPanels', [2, 41, 6, 7], [5, 5], [1, 1], [1, 1])],
  unfoldRows: [windows('unfoldRows', [2, 1, 8, 8], [5, 5], [1, 1], [1, 1]), windows('unfoldRows', [2, 3, 9, 11], [3, 2], [2, 1], [1, 2]),
    windows('unfoldRows', [3, 2, 6, 7], [1, 1], [1, 2], [1, 1]), windows('unfoldRows', [2, 1, 28, 28], [5, 5], [1, 1], [1, 1]), windows('unfoldRows', [1, 2, 13, 13], [3, 3], [2, 2], [1, 1])],
  windowProduct: [product([2, 1, 28, 28], [5, 5], [1, 1], [1, 1], 6, true), product([2, 6, 12, 12], [5, 5], [1, 1], [1, 1], 16, true),
    product([1, 2, 9, 6], [3, 3], [2, 1], [1, 1], 3, false), product([2, 3, 11, 14], [2, 3], [1, 1], [2, 2], 7, true), // ow = 12: a pair of runs and one
    product([1, 2, 8, 9], [3, 3], [1, 1], [1, 1], 2, true), product([1, 1, 9, 9], [3, 3], [1, 2], [1, 1], 5, true)], // ow = 7, sx = 2: JS in both sets
  col2imRows: [windows('col2imRows', [2, 1, 8, 8], [5, 5], [1, 1], [1, 1], 3), windows('col2imRows', [2, 3, 9, 11], [3, 2], [2, 1], [1, 2]),
    windows('col2imRows', [1, 2, 12, 12], [4, 9], [1, 1], [1, 1], 1), windows('col2imRows', [3, 2, 6, 7], [1, 1], [1, 2], [1, 1]),
    windows('col2imRows', [2, 41, 6, 7], [5, 5], [1, 1], [1, 1], 3)],
  gatherRows: [picks('gatherRows', 1, 1, 1), picks('gatherRows', 6, 9, 4), picks('gatherRows', 12, 576, 144), picks('gatherRows', 3, 5, 11)],
  scatterAddRows: [picks('scatterAddRows', 1, 1, 1), picks('scatterAddRows', 6, 9, 4), picks('scatterAddRows', 12, 576, 144), picks('scatterAddRows', 3, 5, 11)],
  permutePlanes: [permuted(1, 1, 1, true), permuted(2, 3, 7, true), permuted(2, 3, 7, false), permuted(64, 6, 576, true), permuted(64, 16, 64, false), permuted(3, 5, 9, false)],
  columnsToPlanes: [planes(2, 6, 9, 8, true), planes(3, 16, 4, 16, true), planes(1, 1, 1, 4, true), planes(2, 3, 5, 4, false)],
  adamStep: [adam(1), adam(3), adam(37), adam(1000), adam(12, true)],
  sumColumns: [columnSums(1, 1), columnSums(3, 7, true), columnSums(224, 96), columnSums(64, 6), columnSums(5, 1003), columnSums(2, 0)],
  sumRows: [sums(1, 1), sums(3, 7, true), sums(5, 4), sums(384, 576), sums(4, 1003), sums(0, 5), sums(3, 0)],
  softmaxRows: [rows('softmaxRows', 1, 1), rows('softmaxRows', 3, 7), rows('softmaxRows', 5, 1000), rows('softmaxRows', 0, 4)],
  logSoftmaxRows: [rows('logSoftmaxRows', 3, 7), rows('logSoftmaxRows', 4, 10, true), rows('logSoftmaxRows', 2, 9, true)],
  logsumexpRows: [rows('logsumexpRows', 1, 3), rows('logsumexpRows', 6, 13)],
  expSumsRows: [expSums(1, 1, true), expSums(3, 7, true), expSums(4, 1000, false), expSums(3, 100, true), expSums(2, 5, true), expSums(0, 3, true)],
  logSoftmaxGradRows: [grad(1, 1), grad(3, 7), grad(4, 1000), grad(0, 5)],
  add: [ew('add', [37], 'rowmajor'), ew('add', [6, 8], 'bias'), ew('add', [6, 8], 'biasFirst'), ew('add', [5, 3], 'bias'), ew('add', [5, 7], 'transposed'), ew('add', [3, 5], 'rowmajor', true)],
  mul: [ew('mul', [2, 3, 5], 'rowmajor'), ew('mul', [4, 12], 'bias'), ew('mul', [5, 7], 'transposed'), ew('mul', [3, 5], 'bias', true)],
  relu: [ew('relu', [31], 'rowmajor'), ew('relu', [5, 7], 'transposed'), ew('relu', [9], 'rowmajor', true)],
  exp: [ew('exp', [3, 11], 'rowmajor'), ew('exp', [5, 7], 'transposed')],
  gelu: [ew('gelu', [37], 'rowmajor'), ew('gelu', [5, 7], 'transposed'), ew('gelu', [9], 'rowmajor', true)],
  geluGrad: [ew('geluGrad', [2, 3, 5], 'rowmajor'), ew('geluGrad', [4, 12], 'bias'), ew('geluGrad', [5, 7], 'transposed')],
  reluGrad: [ew('reluGrad', [37], 'rowmajor'), ew('reluGrad', [6, 8], 'bias'), ew('reluGrad', [5, 7], 'transposed'), ew('reluGrad', [3, 5], 'rowmajor', true)],
} satisfies Record<KernelName, Case[]>;

/** float32 results may differ by float32 rounding (SIMD sums in another order, exp within 1 ulp). */
const TOL = { float32: 2e-5, float64: 1e-12 };

for (const name of Object.keys(CASES) as KernelName[]) {
  test(`kernel ${name}: the wasm set gives the JS set's results (float32, float64, odd sizes, views)`, () => {
    for (const dtype of ['float32', 'float64'] as const) {
      CASES[name].forEach((run, c) => {
        const want = run(jsKernels, dtype, 10 * c + 1), got = run(wasm, dtype, 10 * c + 1);
        want.forEach((w, o) => {
          assert.is(got[o].constructor, w.constructor);
          for (let i = 0; i < w.length; i++) {
            const ok = Object.is(got[o][i], w[i]) || Math.abs(got[o][i] - w[i]) <= TOL[dtype] * Math.max(1, Math.abs(w[i]));
            assert.ok(ok, `${name} case ${c} ${dtype} output ${o}[${i}]: wasm ${got[o][i]}, js ${w[i]}`);
          }
        });
      });
    }
  });
}

test('window kernels: im2col by rows, as panels and transposed (unfoldRows) hold the window formula\'s values in both sets, in wasm with no JS fallback; col2im is their adjoint', () => {
  let fellBack = 0;
  const count = <A extends unknown[]>(f: (...a: A) => void) => (...a: A) => { fellBack++; f(...a); };
  const noJs = wasmKernels({ ...jsKernels, im2colRows: count(jsKernels.im2colRows), im2colPanels: count(jsKernels.im2colPanels), unfoldRows: count(jsKernels.unfoldRows),
    col2imRows: count(jsKernels.col2imRows) }, new Arena(undefined, 65536));
  const [N, C, Hp, Wp, kh, kw, sy, sx, dh, dw] = [2, 3, 9, 11, 3, 2, 2, 1, 1, 2];
  const oh = Math.floor((Hp - dh * (kh - 1) - 1) / sy) + 1, ow = Math.floor((Wp - dw * (kw - 1) - 1) / sx) + 1, K = C * kh * kw, R = N * oh * ow, Kp = Math.ceil(K / 4) * 4;
  const win = { N, C, plane: Hp * Wp, Wp, kh, kw, sy, sx, dh, dw, oh, ow }, size = N * C * Hp * Wp;
  const image = random('float64', size, 3), cot = random('float64', R * K, 4);
  const at = (r: number, k: number) => {
    const n = Math.floor(r / (oh * ow)), oy = Math.floor(r / ow) % oh, ox = r % ow, c = Math.floor(k / (kh * kw)), i = Math.floor(k / kw) % kh, j = k % kw;
    return n * C * Hp * Wp + c * Hp * Wp + (oy * sy + i * dh) * Wp + ox * sx + j * dw;
  };
  for (const k of [jsKernels, noJs]) {
    k.matmulStaged('float64', 1, 1, 1, (mem, _a, _b, s) => {
      const rows = s + size, panels = rows + R * K, unfolded = panels + 2 * R * Kp;
      mem.set(image, s);
      k.im2colRows(mem, s, win, rows, K);
      k.im2colPanels(mem, s, win, panels, panels + R * Kp);
      k.unfoldRows(mem, s, win, unfolded);
      let dot = 0;
      for (let r = 0; r < R; r++) {
        for (let q = 0; q < Kp; q++) {
          const want = q < K ? image[at(r, q)] : 0;
          if (q < K) assert.is(mem[rows + r * K + q], want, `im2colRows row ${r} value ${q}`);
          if (q < K) assert.is(mem[unfolded + q * R + r], want, `unfoldRows row ${q} value ${r}`);
          assert.is(mem[panels + (Math.floor(q / 4) * R + r) * 4 + (q % 4)], want, `im2colPanels row ${r} value ${q}`);
          if (q < K) dot += want * cot[r * K + q];
        }
      }
      // ⟨im2col(x), g⟩ = ⟨x, col2im(g)⟩
      mem.fill(0, s, s + size);
      mem.set(cot, rows);
      k.col2imRows(mem, rows, K, win, s);
      let back = 0;
      for (let e = 0; e < size; e++) back += image[e] * mem[s + e];
      assert.ok(Math.abs(dot - back) < 1e-9 * Math.abs(dot), `adjoint: ${dot} vs ${back}`);
    }, () => {}, size + 2 * R * K + 2 * R * Kp);
  }
  assert.is(fellBack, 0);
  // outside a staged product's memory the wasm set hands the call to JS
  noJs.im2colRows(new Float64Array(size + R * K), 0, win, size, K);
  assert.is(fellBack, 1);
});

test('windowArgmax: 2×2 stride-2 pools with whole groups of 4 windows run in wasm (no JS fallback), the rest fall back', () => {
  let fellBack = 0;
  const noJs = wasmKernels({ ...jsKernels, windowArgmax: (...args) => { fellBack++; jsKernels.windowArgmax(...args); } }, new Arena(undefined, 65536));
  for (const [c, wasmOnly] of [[pool([64, 6, 24, 24], [2, 2], 2), true], [pool([2, 2, 8, 8], [2, 2], 2, true), true], [pool([3, 1, 9, 16], [2, 2], 2), true],
    [pool([2, 3, 7, 7], [3, 3], 2), false], [pool([2, 2, 6, 10], [2, 2], 2), false]] as const) {
    const before = fellBack;
    const [got] = c(noJs, 'float32', 3), [want] = c(jsKernels, 'float32', 3);
    assert.equal([...got!], [...want!]);
    assert.is(fellBack - before, wasmOnly ? 0 : 1);
  }
  const [got] = pool([2, 3, 8, 8], [2, 2], 2)(noJs, 'float64', 1); // float64 runs in JS
  assert.is(fellBack, 3);
  assert.ok(got!.every((v) => v >= 0 && v < 64));
});

test('reluGrad at the edges: g·[x > 0] keeps NaN and ∞·0 = NaN, the sign of zero, and relu′(0) = relu′(−0) = relu′(NaN) = 0 in both sets', () => {
  const gs = [1, -2, NaN, Infinity, -Infinity, 3, -4, 0, -0, 5, 6, 7], xs = [0, -0, 1, 0, 2, NaN, -1, 3, 4, Infinity, -Infinity, 1e-40];
  for (const dtype of ['float32', 'float64'] as const) {
    const g = TYPES[dtype].from(gs), x = TYPES[dtype].from(xs), want = TYPES[dtype].from(gs.map((v, i) => v * +(xs[i]! > 0)));
    for (const [name, k] of [['js', jsKernels], ['wasm', wasm]] as const) {
      const out = new TYPES[dtype](gs.length);
      k.reluGrad(out, [gs.length], flat(g), flat(x));
      // 1e-40 is subnormal in float32 (> 0 there too)
      out.forEach((v, i) => assert.ok(Object.is(v, want[i]), `${name} ${dtype} reluGrad(g = ${gs[i]}, x = ${xs[i]}) = ${v}, want ${want[i]}`));
    }
  }
});

test('gelu and geluGrad (float32 in wasm: one formula in float64 lanes) within 1 ulp of the JS kernels (of the exact value in the far negative tail), from −20 to 20 and at ±0, ±∞, NaN', () => {
  const xs = [0, -0, Infinity, -Infinity, NaN, 1e-30, -1e-30, 1e-45, 13, -13, -13.5, -14, 40, -40];
  for (let i = 0; i <= 40000; i++) xs.push((i / 40000 - 0.5) * 40);
  const x = Float32Array.from(xs), g = Float32Array.from(xs.map((_, i) => 1 + (i % 7) / 3));
  for (const name of ['gelu', 'geluGrad'] as const) {
    const want = new Float32Array(x.length), got = new Float32Array(x.length);
    const args = name === 'gelu' ? [flat(x)] as const : [flat(g), flat(x)] as const;
    jsKernels[name](want, [x.length], ...(args as [Arr]));
    wasm[name](got, [x.length], ...(args as [Arr]));
    // geluGrad's Φ + x·φ cancels near x ≈ −0.75: there an ulp of either term is a few of the sum, so bound by |g|·eps too.
    // Below x ≈ −5 the JS kernels' 1 + erf(x/√2) loses digits in float64 (2% at x = −8, where PyTorch's
    // float64 gelu gives the same −4.885e-15; −0 below −8.3) while the wasm formula keeps them:
    // there the reference is Φ(x) = ½·e^(−x²/2)·erfcx(|x|/√2), exact.
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!, tail = xi < -5, phi = Math.exp(-xi * xi / 2), cdf = 0.5 * phi * erfcx(-xi * Math.SQRT1_2);
      const exact = name === 'gelu' ? xi * cdf : g[i]! * (cdf + xi * phi / Math.sqrt(2 * Math.PI));
      const ref = tail ? Math.fround(exact) : want[i]!;
      const ok = ulps(got[i]!, ref, false) <= 1 || (name === 'geluGrad' && Math.abs(got[i]! - ref) <= 2 ** -23 * Math.abs(g[i]!));
      assert.ok(ok, `${name}(${xi}): wasm ${got[i]}, reference ${ref}`);
    }
  }
});

test('adamStep: the wasm set gives the JS set\'s bits (float64 lanes, m and v rounded as stored), in wasm with no JS fallback', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const n of [1, 5, 44426]) {
      const want = adam(n, true)(jsKernels, dtype, n), got = adam(n, true)(wasm, dtype, n);
      want.forEach((w, o) => w.forEach((x, i) => assert.ok(Object.is(got[o]![i], x), `${dtype} n=${n} output ${o}[${i}]: wasm ${got[o]![i]}, js ${x}`)));
    }
  }
  // no fallback: a JS set that throws is never reached
  const strict = wasmKernels({ ...jsKernels, adamStep: () => { throw new Error('fell back to JS'); } }, arena);
  adam(33)(strict, 'float32', 1);
  adam(33)(strict, 'float64', 1);
});

test('sumRows and sumColumns: the wasm set gives the JS set\'s bits (the same order of additions), in wasm with no JS fallback; int32 rows fall back', () => {
  const strict = wasmKernels({ ...jsKernels, sumRows: () => { throw new Error('fell back to JS'); } }, arena);
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [R, C] of [[3, 7], [64, 1], [384, 576], [2, 4099]] as const) {
      const [want] = sums(R, C, true)(jsKernels, dtype, C), [got] = sums(R, C, true)(strict, dtype, C);
      want!.forEach((w, i) => assert.ok(Object.is(got![i], w), `${dtype} ${R}×${C} row ${i}: wasm ${got![i]}, js ${w}`));
    }
  }
  const strictColumns = wasmKernels({ ...jsKernels, sumColumns: () => { throw new Error('fell back to JS'); } }, arena);
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [R, C] of [[3, 7], [224, 96], [64, 6], [2, 4099]] as const) {
      const [want] = columnSums(R, C, true)(jsKernels, dtype, C), [got] = columnSums(R, C, true)(strictColumns, dtype, C);
      want!.forEach((w, i) => assert.ok(Object.is(got![i], w), `sumColumns ${dtype} ${R}×${C} column ${i}: wasm ${got![i]}, js ${w}`));
    }
  }
  const ints = Int32Array.from({ length: 12 }, (_, i) => i - 5), out = new Float64Array(3);
  wasm.sumRows(ints, 0, 3, 4, out);
  assert.equal(Array.from(out), [-14, 2, 18]);
});

test('windowProduct: float32 windows stepping by one column over runs of 4 output columns run in wasm (no JS fallback), within float32 rounding of the JS dot products', () => {
  const strict = wasmKernels({ ...jsKernels, windowProduct: () => { throw new Error('fell back to JS'); } }, arena);
  for (const run of [product([3, 1, 28, 28], [5, 5], [1, 1], [1, 1], 6, true), product([2, 6, 12, 12], [5, 5], [1, 1], [1, 1], 16, false), product([1, 3, 10, 7], [3, 4], [2, 1], [1, 1], 9, true)]) {
    const [want] = run(jsKernels, 'float32', 4), [got] = run(strict, 'float32', 4);
    want!.forEach((w, i) => assert.ok(Math.abs(got![i]! - w) <= 1e-5 * Math.max(1, Math.abs(w)), `[${i}]: wasm ${got![i]}, js ${w}`));
  }
});

test('permutePlanes runs in wasm inside a staged product\'s memory (no JS fallback) and copies exactly', () => {
  const strict = wasmKernels({ ...jsKernels, permutePlanes: () => { throw new Error('fell back to JS'); } }, arena);
  for (const dtype of ['float32', 'float64'] as const) {
    for (const channelMajor of [true, false]) {
      const [want] = permuted(4, 6, 37, channelMajor)(jsKernels, dtype, 5), [got] = permuted(4, 6, 37, channelMajor)(strict, dtype, 5);
      assert.equal(Array.from(got!), Array.from(want!));
    }
  }
});

test('matmulStaged gives matmul\'s product in both sets (C read 4⌈N/4⌉ wide, the padding columns 0)', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [M, N, K] of [[6, 25, 37], [9, 12, 33], [5, 3, 1], [64, 10, 128]]) {
      const a = random(dtype, M * K, M), b = random(dtype, K * N, N), Np = Math.ceil(N / 4) * 4;
      const want = new TYPES[dtype](M * N);
      jsKernels.matmul(M, N, K, { data: a, offset: 0, rowStride: K, colStride: 1 }, { data: b, offset: 0, rowStride: N, colStride: 1 }, want, 0);
      for (const [name, k] of [['js', jsKernels], ['wasm', wasm]] as const) {
        k.matmulStaged(dtype, M, N, K, (mem, pa, pb) => { mem.set(a, pa); packPanels(b, 0, N, 1, K, N, mem.subarray(pb)); }, (mem, pc) => {
          for (let i = 0; i < M; i++) {
            for (let j = 0; j < Np; j++) {
              const got = mem[pc + i * Np + j]!, w = j < N ? want[i * N + j]! : 0;
              assert.ok(Math.abs(got - w) <= TOL[dtype] * Math.max(1, Math.abs(w)), `${name} ${dtype} ${M}×${N}×${K} C[${i}, ${j}] = ${got}, matmul gives ${w}`);
            }
          }
        });
      }
    }
  }
});

test('logSoftmaxRows at large logits: small log-probabilities keep their relative precision in both sets (issue 23)', () => {
  // Rows of logits near ±1e4 and 3e5 with gaps of 10-40: the largest entry's log-probability is about
  // −5e-5, and lse rounded to float32 before the subtraction (ulp 1e-3 at 1e4) lost all of it.
  for (const dtype of ['float32', 'float64'] as const) {
    for (const base of [1e4, -1e4, 3e5, 0]) {
      const C = 9, R = 3;
      const x = new TYPES[dtype](R * C);
      for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) x[r * C + c] = base - (c * (10 + 5 * r)) - (r + c) / 7;
      const exact = new Float64Array(R * C); // in double from the stored values: max + log Σ exp(x − max)
      for (let r = 0; r < R; r++) {
        const row = Array.from(x.subarray(r * C, r * C + C)), m = Math.max(...row);
        const lse = row.reduce((a, v) => a + Math.exp(v - m), 0);
        row.forEach((v, c) => (exact[r * C + c] = v - m - Math.log(lse)));
      }
      for (const [name, k] of [['js', jsKernels], ['wasm', wasm]] as const) {
        // float32 wasm computes x − max in float32 (design.md), which costs a few ulp at any scale
        const rel = dtype === 'float64' ? 4 * 2 ** -52 : name === 'js' ? 2 ** -23 : 8 * 2 ** -23;
        const out = new TYPES[dtype](R * C);
        k.logSoftmaxRows(x, 0, R, C, out, null);
        for (let i = 0; i < out.length; i++) {
          const err = Math.abs(out[i]! - exact[i]!) / Math.abs(exact[i]!);
          assert.ok(err <= rel, `${name} ${dtype} base ${base} [${i}]: ${out[i]} vs ${exact[i]} (relative ${err}, ${err / rel} of the bound)`);
        }
      }
    }
  }
});

test('random sizes and layouts: 300 matmuls and row kernels agree between the two sets', () => {
  let s = 12345;
  const next = (n: number) => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return 1 + (s % n); };
  const layouts = ['rowmajor', 'transposed', 'strided'] as const;
  for (let i = 0; i < 300; i++) {
    const dtype = i % 2 ? 'float32' : 'float64';
    const cases: Case[] = [mm(next(40), next(40), next(40), layouts[i % 3]), rows('logSoftmaxRows', next(9), next(70), i % 3 === 0), grad(next(9), next(70))];
    for (const run of cases) {
      const want = run(jsKernels, dtype, i), got = run(wasm, dtype, i);
      want.forEach((w, o) => w.forEach((v, j) => {
        const ok = Object.is(got[o][j], v) || Math.abs(got[o][j] - v) <= 4 * TOL[dtype] * Math.max(1, Math.abs(v));
        assert.ok(ok, `case ${i} ${dtype} output ${o}[${j}]: wasm ${got[o][j]}, js ${v}`);
      }));
    }
  }
});

test('the arena grows to the largest call and is then reused: no growth over 10k calls', () => {
  const small = new Arena(undefined, 65536);
  const k = wasmKernels(jsKernels, small);
  const a = random('float32', 64 * 200, 1), b = random('float32', 200 * 30, 2), out = new Float32Array(64 * 30);
  const x = random('float32', 64 * 30, 3), y = new Float32Array(64 * 30);
  k.matmul(64, 30, 200, { data: a, offset: 0, rowStride: 200, colStride: 1 }, { data: b, offset: 0, rowStride: 30, colStride: 1 }, out, 0);
  const grown = small.capacity;
  assert.ok(grown > 65536);
  for (let i = 0; i < 10000; i++) {
    k.matmul(64, 30, 200, { data: a, offset: 0, rowStride: 200, colStride: 1 }, { data: b, offset: 0, rowStride: 30, colStride: 1 }, out, 0);
    k.logSoftmaxRows(x, 0, 64, 30, y, null);
  }
  assert.is(small.capacity, grown);
  assert.not.ok(small.begin(2 ** 33)); // past wasm32's 4 GiB: the caller runs the JS kernel
  assert.is(small.capacity, grown);
});

test('setThreads(2): large matmuls split by rows over a worker and give the single-thread result', async () => {
  assert.is(getThreads(), 1);
  // Each element is summed in the same order either way: the results are identical.
  const cases = (['float32', 'float64'] as const).flatMap((dtype) => [mm(203, 170, 150, 'rowmajor'), mm(181, 170, 150, 'transposed')].map((run) => () => run(wasm, dtype, 5)[0]));
  const want = cases.map((run) => run());
  // a conv's staged products (forward and input gradient, ≥ 2²² multiply-adds) with their window kernels on the pool's memory
  const convStep = () => {
    const x = tensor(Float32Array.from({ length: 32 * 6 * 16 * 16 }, (_, i) => Math.sin(i)), { shape: [32, 6, 16, 16], requiresGrad: true });
    const w = tensor(Float32Array.from({ length: 16 * 6 * 25 }, (_, i) => Math.cos(i) / 10), { shape: [16, 6, 5, 5], requiresGrad: true });
    const y = conv2d(x, w, undefined, { padding: 1 });
    y.square().sum().backward();
    return [y.contiguousData(), x.grad!.contiguousData(), w.grad!.contiguousData()];
  };
  const wantConv = convStep();
  try {
    assert.is(await setThreads(2), 2);
    assert.is(getThreads(), 2);
    cases.forEach((run, c) => assert.equal(run(), want[c], `case ${c}`));
    convStep().forEach((got, i) => assert.equal(got, wantConv[i], `conv output ${i}`));
  } finally {
    assert.is(await setThreads(1), 1);
  }
  assert.is(getThreads(), 1);
  let error: unknown;
  try { await setThreads(1.5); } catch (e) { error = e; }
  assert.match(String(error), /setThreads: n must be an integer in \[1, 64\], got 1.5/);
});

test('setBackend/getBackend switch the kernels of every op; results agree', () => {
  const before = getBackend();
  const x = tensor(Float32Array.from({ length: 50 }, (_, i) => Math.sin(i)), { shape: [5, 10] });
  try {
    assert.is(setBackend('js'), 'js');
    assert.is(getBackend(), 'js');
    const js = x.matmul(x.transpose(0, 1)).logSoftmax(1).toArray() as number[][];
    assert.is(setBackend('wasm'), 'wasm');
    const simd = x.matmul(x.transpose(0, 1)).logSoftmax(1).toArray() as number[][];
    simd.flat().forEach((v, i) => assert.ok(Math.abs(v - js.flat()[i]) < 1e-5));
    assert.throws(() => setBackend('gpu' as never), /setBackend: backend must be 'wasm' or 'js', got gpu/);
  } finally {
    setBackend(before);
  }
});

test('the fused convolutions (conv2d, its input and weight gradients) agree between the two kernel sets', () => {
  const before = getBackend();
  const values = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k + 1));
  const run = () => {
    const x = tensor(values(2 * 3 * 9 * 8, 0.7), { shape: [2, 3, 9, 8], requiresGrad: true });
    const w = tensor(values(5 * 3 * 3 * 2, 1.3), { shape: [5, 3, 3, 2], requiresGrad: true });
    const b = tensor(values(5, 2.1), { shape: [5], requiresGrad: true });
    const y = conv2d(x, w, b, { stride: [2, 1], padding: 1, dilation: [1, 2] });
    y.mul(tensor(values(y.size, 0.3), { shape: y.shape })).sum().backward();
    return [y, x.grad!, w.grad!, b.grad!].map((t) => (t.toArray() as number[] | number[][]).flat(4) as number[]);
  };
  try {
    setBackend('js');
    const js = run();
    setBackend('wasm');
    const simd = run();
    js.forEach((a, k) => a.forEach((v, i) => assert.ok(Math.abs(v - simd[k][i]) < 1e-4 * (1 + Math.abs(v)), `output ${k} at ${i}: ${v} vs ${simd[k][i]}`)));
  } finally {
    setBackend(before);
  }
});

test('TAPEGRAD_BACKEND selects the backend at load and rejects unknown names', () => {
  const run = (value: string) => spawnSync(process.execPath, ['--import', 'tsx', '-e',
    "import('./src/index.ts').then((t) => console.log(t.getBackend()))"], { env: { ...process.env, TAPEGRAD_BACKEND: value }, encoding: 'utf8' });
  assert.is(run('js').stdout.trim(), 'js');
  const bad = run('cuda');
  assert.ok(bad.status !== 0 && /TAPEGRAD_BACKEND must be 'wasm' or 'js', got 'cuda'/.test(bad.stderr));
});

test.run();
