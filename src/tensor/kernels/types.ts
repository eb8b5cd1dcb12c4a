import type { TypedArray } from '../dtype.js';
import type { Elementwise } from '../elementwise.js';

export type FloatDType = 'float32' | 'float64';
export type StageOperands = (mem: TypedArray, a: number, b: number, scratch: number) => void;
export type ReadProduct = (mem: TypedArray, c: number, scratch: number) => void;

/**
 * Sliding windows over a batch of zero-bordered row-major images [N, C, Hp, Wp] (plane = Hp·Wp):
 * kh×kw windows, strides sy, sx and dilations dh, dw, at oh×ow positions per image. Window
 * value k = (c·kh + i)·kw + j of position (n, oy, ox) is the image's element
 * n·C·plane + c·plane + (oy·sy + i·dh)·Wp + ox·sx + j·dw.
 */
export interface ImageWindows {
  N: number; C: number; plane: number; Wp: number;
  kh: number; kw: number; sy: number; sx: number; dh: number; dw: number;
  oh: number; ow: number;
}

/** A matrix inside a flat array: element (i, j) is data[offset + i·rowStride + j·colStride]. */
export interface MatrixView {
  data: TypedArray;
  offset: number;
  rowStride: number;
  colStride: number;
}

/**
 * The kernels behind the hot primitives. Two sets implement it: js/ (plain TypeScript, the
 * readable reference, and the fallback) and wasm/ (WebAssembly SIMD). Row kernels read `rows`
 * rows of `cols` contiguous elements from x at `offset` and write row-major results.
 */
export interface KernelSet {
  /** out[outOffset + i·N + j] = Σₖ A[i,k]·B[k,j] for A M×K and B K×N of any strides. */
  matmul(M: number, N: number, K: number, a: MatrixView, b: MatrixView, out: TypedArray, outOffset: number): void;
  /** A batch of products of one size: out[i·M·N …] = as[i]·bs[i] (matmul's layout), for a batched matmul's small matrices. */
  matmulBatch(M: number, N: number, K: number, as: readonly MatrixView[], bs: readonly MatrixView[], out: TypedArray): void;
  /**
   * C = A·B where the caller writes the operands where the product reads them and reads C where
   * it wrote it: an im2col or a transposition that feeds a product then costs one pass, not a pass
   * and a copy. `stage(mem, a, b)` writes A row-major M×K at mem[a…] and B as 4-column panels
   * at mem[b…] (packPanels' layout for 4⌈N/4⌉ columns, zero past N); then `read(mem, c)` reads C,
   * row-major M × 4⌈N/4⌉, at mem[c…]. `mem` is a Float32Array or Float64Array as `dtype` says,
   * valid only inside the two callbacks, which must not call another kernel but the window kernels
   * below (on `mem`). `scratch` more elements of mem, at mem[scratch…], are the caller's own
   * through both callbacks (an image for the window kernels, say).
   */
  matmulStaged(dtype: FloatDType, M: number, N: number, K: number, stage: StageOperands, read: ReadProduct, scratch?: number): void;
  /**
   * im2col by rows inside one array (a staged product's mem): row r = (n·oh + oy)·ow + ox, at
   * mem[dst + r·rowStride], gets the K = C·kh·kw values of its window (ImageWindows' order) from
   * the image at mem[image…], then zeros up to rowStride ≥ K.
   */
  im2colRows(mem: TypedArray, image: number, win: ImageWindows, dst: number, rowStride: number): void;
  /**
   * The same rows written as B's 4-column panels (matmulStaged): value (r, k) at
   * mem[dst + (⌊k/4⌋·R + r)·4 + k mod 4] for R = N·oh·ow rows, zero for K ≤ k < 4⌈K/4⌉.
   * mem[temp…] holds R·4⌈K/4⌉ elements the kernel may use on the way.
   */
  im2colPanels(mem: TypedArray, image: number, win: ImageWindows, dst: number, temp: number): void;
  /**
   * im2col transposed (unfold's layout with the batch in the columns), Rᵀ [K, N·oh·ow] row-major at
   * mem[dst…]: row k = (c·kh + i)·kw + j holds, for each position (n, oy, ox) in turn, its window
   * value k (ImageWindows' formula). With stride sx = 1 each (k, n, oy) is one run of ow adjacent values.
   */
  unfoldRows(mem: TypedArray, image: number, win: ImageWindows, dst: number): void;
  /**
   * conv2d's forward without im2col: for the zero-bordered image [N, C, Hp, Wp] in x at xOffset
   * (ImageWindows' layout) and weight [O, K] row-major at wOffset, out[((n·O + o)·oh + oy)·ow + ox] =
   * bias[bOffset + o] (0 for none) + Σₖ weight[o, k]·(window value k of (n, oy, ox)). The wasm set
   * runs float32 windows that step by one column over whole runs of 4 output columns (sx = 1, ow a
   * multiple of 4); conv2d uses it only then (the JS set computes it one dot product at a time).
   */
  windowProduct(x: TypedArray, xOffset: number, win: ImageWindows, weight: TypedArray, wOffset: number, bias: TypedArray | null, bOffset: number, O: number, out: TypedArray): void;
  /**
   * A product's columns as NCHW planes with a bias: mem[dst + (n·O + o)·L + l] =
   * mem[src + (n·L + l)·rowStride + o] + mem[bias + o] (no bias when bias < 0): conv2d's C [N·L, O] as y [N, O, L].
   */
  columnsToPlanes(mem: TypedArray, src: number, rowStride: number, N: number, O: number, L: number, bias: number, dst: number): void;
  /**
   * Planes [N, O, L] at mem[src…] (a conv's output gradient, copied in) into a product's operand:
   * value (n, o, l) to mem[dst + n·sN + o·sO + l·sL], as G [N·L, O] (sN = L·O, sO = 1, sL = O) or
   * Gᵀ [O, N·L] (sN = L, sO = N·L, sL = 1). The two regions do not overlap.
   */
  permutePlanes(mem: TypedArray, src: number, N: number, O: number, L: number, dst: number, sN: number, sO: number, sL: number): void;
  /**
   * gather along the last dim of row-major rows: out[r·len + j] = x[xOffset + r·rowLength + index[iOffset + r·len + j]]
   * for r < rows, j < len; every index is in [0, rowLength) (the op checks them first).
   */
  gatherRows(x: TypedArray, xOffset: number, rowLength: number, rows: number, index: Int32Array, iOffset: number, len: number, out: TypedArray): void;
  /** gatherRows' adjoint: out[r·rowLength + index[iOffset + r·len + j]] += src[sOffset + r·len + j], out row-major [rows, rowLength]. */
  scatterAddRows(src: TypedArray, sOffset: number, rows: number, len: number, index: Int32Array, iOffset: number, rowLength: number, out: TypedArray): void;
  /** col2im, im2colRows' adjoint: each row's K values (rows rowStride apart at mem[src…]) added onto its window of the image. */
  col2imRows(mem: TypedArray, src: number, rowStride: number, win: ImageWindows, image: number): void;
  /**
   * Per row, out[r] = the sum of its `cols` values (any element types), in float64 as four partial
   * sums, value i into sum i mod 4 and the last cols mod 4 into the first, then (s0 + s1) + (s2 + s3)
   * rounded once into out: the trailing-dims sum of tensor/reduce.ts.
   */
  sumRows(x: TypedArray, offset: number, rows: number, cols: number, out: TypedArray): void;
  /**
   * The leading-dims sum of tensor/reduce.ts (a bias gradient): out[j] = Σᵢ x[offset + i·cols + j]
   * for rows ≥ 1, as row 0 and then each later row added in, every partial sum rounded into out.
   */
  sumColumns(x: TypedArray, offset: number, rows: number, cols: number, out: TypedArray): void;
  /** Per row: exp(x − m) / Σ exp(x − m), m the row max. */
  softmaxRows(x: TypedArray, offset: number, rows: number, cols: number, out: TypedArray): void;
  /** Per row: x − logsumexp(x); softmax(x) into `probs` as well when given. */
  logSoftmaxRows(x: TypedArray, offset: number, rows: number, cols: number, out: TypedArray, probs: TypedArray | null): void;
  /** logSoftmax's VJP per row: out = g − p·Σg (p = softmax(x)); g and p each at their offset. */
  logSoftmaxGradRows(g: TypedArray, gOffset: number, p: TypedArray, pOffset: number, rows: number, cols: number, out: TypedArray): void;
  /**
   * The pass every softmax-like op starts with, per row: shifts[row] = the row max (0 when not
   * finite), sums[row] = Σ exp(x − shift), and exp(x − shift) itself into `exps` when given.
   * A row holding NaN has sum NaN; its shift (and so its exps) may then differ between sets.
   */
  expSumsRows(x: TypedArray, offset: number, rows: number, cols: number, shifts: Float64Array, sums: Float64Array, exps: TypedArray | null): void;
  /** out[row] = m + log Σ exp(x − m), m the row max (0 when not finite). */
  logsumexpRows(x: TypedArray, offset: number, rows: number, cols: number, out: TypedArray): void;
  /**
   * Max-pool windows without padding or dilation: for every kh×kw window (strides strideY,
   * strideX) of each plane (n, c) of x (element (n, c, y, x) at x[offset + n·sn + c·sc + y·sy + x·sx]),
   * out[((n·C + c)·oh + oy)·ow + ox] = y·W + x of its maximum. Ties go to the first in row-major
   * window order; a NaN wins over numbers.
   */
  windowArgmax(x: TypedArray, offset: number, sn: number, sc: number, sy: number, sx: number, N: number, C: number, W: number,
    kh: number, kw: number, strideY: number, strideX: number, oh: number, ow: number, out: Int32Array): void;
  /**
   * One Adam step in place, without weight decay or amsgrad, over four arrays of one float type
   * and one length: m ← b1·m + (1 − b1)·g, v ← b2·v + (1 − b2)·g·g, then
   * p ← p − stepSize·m / (√v / bc2Sqrt + eps) from the stored m and v; each value computed in
   * float64 and rounded once, as it is stored (optim/adam.ts has the schedule of stepSize, bc2Sqrt).
   */
  adamStep(p: TypedArray, g: TypedArray, m: TypedArray, v: TypedArray, b1: number, b2: number, eps: number, stepSize: number, bc2Sqrt: number): void;
  add: Elementwise;
  mul: Elementwise;
  relu: Elementwise;
  /** relu's VJP from (g, x): g·[x > 0] (relu′(0) = 0; a NaN or infinite g times 0 is NaN). */
  reluGrad: Elementwise;
  exp: Elementwise;
  /** The exact GELU x·Φ(x) = 0.5·x·(1 + erf(x/√2)). */
  gelu: Elementwise;
  /** GELU's VJP from (g, x): g·(Φ(x) + x·φ(x)), φ(x) = e^(−x²/2)/√(2π). */
  geluGrad: Elementwise;
}
export type KernelName = keyof KernelSet;
