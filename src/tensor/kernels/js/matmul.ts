import type { TypedArray } from '../../dtype.js';
import type { FloatDType, KernelSet, MatrixView, ReadProduct, StageOperands } from '../types.js';

/**
 * C = A·B for any strides: B is packed into 4-column panels (below), A is used in place when its
 * rows are contiguous and copied once otherwise, then 4×4 register tiles run over the panels.
 */
export function matmul(M: number, N: number, K: number, a: MatrixView, b: MatrixView, out: TypedArray, outOffset: number): void {
  const wide = out instanceof Float64Array;
  const panels = scratch(wide, 0, Math.ceil(N / 4) * 4 * K);
  packPanels(b.data, b.offset, b.rowStride, b.colStride, K, N, panels);
  if (a.colStride === 1 || K === 1) {
    matmulPacked(M, N, K, a.data, a.offset, a.rowStride, panels, out, outOffset);
    return;
  }
  const rows = scratch(wide, 1, M * K);
  copyRowMajor(a, M, K, rows, 0);
  matmulPacked(M, N, K, rows, 0, K, panels, out, outOffset);
}

/**
 * A (any strides) copied row-major into dst at `at`. A transposed view (columns contiguous) is
 * walked in its own storage order, reading sequentially and writing with stride K.
 */
export function copyRowMajor(a: MatrixView, M: number, K: number, dst: TypedArray, at: number): void {
  const src = a.data, rs = a.rowStride, cs = a.colStride;
  if (cs === 1 && rs === K) { dst.set(src.subarray(a.offset, a.offset + M * K), at); return; }
  if ((cs === 1 || K === 1) && K < 64) {
    // short rows value by value: a subarray per row costs more than its copy
    for (let i = 0, q = at; i < M; i++) for (let k = 0, p = a.offset + i * rs; k < K; k++) dst[q++] = src[p + k];
  } else if (cs === 1 || K === 1) {
    for (let i = 0; i < M; i++) dst.set(src.subarray(a.offset + i * rs, a.offset + i * rs + K), at + i * K);
  } else if (Math.abs(rs) < Math.abs(cs)) {
    for (let k = 0; k < K; k++) for (let i = 0, p = a.offset + k * cs, q = at + k; i < M; i++, p += rs, q += K) dst[q] = src[p];
  } else {
    for (let i = 0; i < M; i++) for (let k = 0, p = a.offset + i * rs, q = at + i * K; k < K; k++, p += cs) dst[q++] = src[p];
  }
}

/** KernelSet.matmulBatch: one product after another. */
export function matmulBatch(M: number, N: number, K: number, as: readonly MatrixView[], bs: readonly MatrixView[], out: TypedArray): void {
  for (let i = 0; i < as.length; i++) matmul(M, N, K, as[i]!, bs[i]!, out, i * M * N);
}

/** The staged product (KernelSet.matmulStaged) in one scratch buffer: A, then B's panels, then C, then the caller's scratch. */
export function matmulStaged(dtype: FloatDType, M: number, N: number, K: number, stage: StageOperands, read: ReadProduct, extra = 0): void {
  const Np = Math.ceil(N / 4) * 4, a = 0, b = M * K, c = b + Np * K, s = c + M * Np;
  const mem = scratch(dtype === 'float64', 2, s + extra);
  stage(mem, a, b, s);
  matmulPacked(M, Np, K, mem, a, K, mem.subarray(b), mem, c);
  read(mem, c, s);
}

/**
 * Buffers for the packed B and a copied A, reused across calls (they never leave the kernel, and
 * JS runs one kernel at a time), so a matmul allocates only its output.
 */
const buffers = { f32: [new Float32Array(0), new Float32Array(0), new Float32Array(0)], f64: [new Float64Array(0), new Float64Array(0), new Float64Array(0)] };
function scratch(wide: boolean, slot: 0 | 1 | 2, size: number): TypedArray {
  const list: TypedArray[] = wide ? buffers.f64 : buffers.f32;
  if (list[slot].length < size) list[slot] = wide ? new Float64Array(size) : new Float32Array(size);
  return list[slot];
}

/**
 * B[K×N] (any strides) packed into panels of 4 columns: panel p holds columns 4p..4p+3 row by
 * row, P[(p·K + k)·4 + c] = B[k, 4p + c], zero-padded past N. The kernel then reads B as one
 * sequential stream.
 */
export function packPanels(B: TypedArray, off: number, rowStride: number, colStride: number, K: number, N: number, out: TypedArray, outOffset = 0): void {
  const full = N >> 2;
  // Row by row within a panel: a row-major B is then read 4 contiguous values at a time.
  for (let p = 0; p < full; p++) {
    const c0 = off + 4 * p * colStride, c1 = c0 + colStride, c2 = c1 + colStride, c3 = c2 + colStride;
    for (let k = 0, at = outOffset + p * K * 4, r = 0; k < K; k++, at += 4, r += rowStride) {
      out[at] = B[c0 + r]; out[at + 1] = B[c1 + r]; out[at + 2] = B[c2 + r]; out[at + 3] = B[c3 + r];
    }
  }
  const rest = N - 4 * full;
  if (rest === 0) return;
  for (let k = 0, at = outOffset + full * K * 4; k < K; k++, at += 4) {
    for (let c = 0; c < 4; c++) out[at + c] = c < rest ? B[off + k * rowStride + (4 * full + c) * colStride] : 0;
  }
}

/**
 * `count` planes of L values at mem[src…] as the lanes of 4-column panels at mem[dst…] (plane c
 * in panel ⌊c/4⌋, lane c mod 4; panels `panelStride` values apart; lanes past count zero), by the
 * kernel set's permutePlanes: a transposed B (a Linear's Wᵀ, stored [N, K]) or a conv's g planes.
 */
export function planesAsPanels(permute: KernelSet['permutePlanes'], mem: TypedArray, src: number, count: number, L: number, dst: number, panelStride: number): void {
  const panels = Math.ceil(count / 4);
  // the last panel's L rows are 4·L adjacent values: zeroed whole, then its used lanes written
  if (count % 4 !== 0) mem.fill(0, dst + (panels - 1) * panelStride, dst + (panels - 1) * panelStride + 4 * L);
  for (let p = 0; p < panels; p++) permute(mem, src + 4 * p * L, 1, Math.min(4, count - 4 * p), L, dst + p * panelStride, 0, 1, 4);
}

/**
 * C[M×N] = A[M×K] · B with B packed by packPanels; A's rows contiguous with stride aRow.
 * A 4×4 tile of C is kept in locals (register blocking): each step of k loads 4 values of A and
 * 4 of the panel for 16 multiply-adds. Leftover rows use a 2×4 and a 1×4 tile.
 */
export function matmulPacked(M: number, N: number, K: number, A: TypedArray, aOff: number, aRow: number, P: TypedArray, C: TypedArray, cOff: number): void {
  const panels = Math.ceil(N / 4);
  let i = 0;
  for (; i + 3 < M; i += 4) {
    const a0 = aOff + i * aRow, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
    for (let p = 0; p < panels; p++) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let k = 0, b = p * K * 4; k < K; k++, b += 4) {
        const x0 = A[a0 + k], x1 = A[a1 + k], x2 = A[a2 + k], x3 = A[a3 + k];
        const y0 = P[b], y1 = P[b + 1], y2 = P[b + 2], y3 = P[b + 3];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
        s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
        s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
      }
      const c = cOff + i * N + p * 4, left = N - p * 4;
      if (left >= 4) {
        // A full panel: 16 plain stores (most tiles; the check per value below costs when K is small).
        C[c] = s00; C[c + 1] = s01; C[c + 2] = s02; C[c + 3] = s03;
        const c1 = c + N, c2 = c1 + N, c3 = c2 + N;
        C[c1] = s10; C[c1 + 1] = s11; C[c1 + 2] = s12; C[c1 + 3] = s13;
        C[c2] = s20; C[c2 + 1] = s21; C[c2 + 2] = s22; C[c2 + 3] = s23;
        C[c3] = s30; C[c3 + 1] = s31; C[c3 + 2] = s32; C[c3 + 3] = s33;
      } else {
        store(C, c, left, s00, s01, s02, s03);
        store(C, c + N, left, s10, s11, s12, s13);
        store(C, c + 2 * N, left, s20, s21, s22, s23);
        store(C, c + 3 * N, left, s30, s31, s32, s33);
      }
    }
  }
  // Two leftover rows as a 2×4 tile: 8 multiply-adds per panel step instead of 4 (a 6-channel
  // conv weight is M = 6).
  for (; i + 1 < M; i += 2) {
    const a0 = aOff + i * aRow, a1 = a0 + aRow;
    for (let p = 0; p < panels; p++) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let k = 0, b = p * K * 4; k < K; k++, b += 4) {
        const x0 = A[a0 + k], x1 = A[a1 + k];
        const y0 = P[b], y1 = P[b + 1], y2 = P[b + 2], y3 = P[b + 3];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
      }
      const c = cOff + i * N + p * 4;
      store(C, c, N - p * 4, s00, s01, s02, s03);
      store(C, c + N, N - p * 4, s10, s11, s12, s13);
    }
  }
  for (; i < M; i++) {
    const a0 = aOff + i * aRow;
    for (let p = 0; p < panels; p++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0, b = p * K * 4; k < K; k++, b += 4) {
        const x = A[a0 + k];
        s0 += x * P[b]; s1 += x * P[b + 1]; s2 += x * P[b + 2]; s3 += x * P[b + 3];
      }
      store(C, cOff + i * N + p * 4, N - p * 4, s0, s1, s2, s3);
    }
  }
}

/** Writes the first min(n, 4) of four values (the last panel may be partly padding). */
function store(C: TypedArray, at: number, n: number, v0: number, v1: number, v2: number, v3: number): void {
  C[at] = v0;
  if (n > 1) C[at + 1] = v1;
  if (n > 2) C[at + 2] = v2;
  if (n > 3) C[at + 3] = v3;
}
