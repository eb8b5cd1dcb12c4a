import type { TypedArray } from './dtype.js';

/**
 * C[M×N] = A[M×K] · Bᵀ where B is given transposed (BT[N×K], rows of length K), all row-major
 * with the given row strides. Taking Bᵀ makes every inner loop a walk along two contiguous rows.
 * A 2×4 tile of C is kept in locals (register blocking): each step of k loads 2 + 4 values for 8
 * multiply-adds.
 */
export function matmulABt(
  M: number, N: number, K: number,
  A: TypedArray, aOff: number, aRow: number,
  BT: TypedArray, bOff: number, bRow: number,
  C: TypedArray, cOff: number,
): void {
  let i = 0;
  for (; i + 1 < M; i += 2) {
    const a0 = aOff + i * aRow, a1 = a0 + aRow;
    const c0 = cOff + i * N, c1 = c0 + N;
    let j = 0;
    for (; j + 3 < N; j += 4) {
      const b0 = bOff + j * bRow, b1 = b0 + bRow, b2 = b1 + bRow, b3 = b2 + bRow;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let k = 0; k < K; k++) {
        const x0 = A[a0 + k], x1 = A[a1 + k];
        const y0 = BT[b0 + k], y1 = BT[b1 + k], y2 = BT[b2 + k], y3 = BT[b3 + k];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
      }
      C[c0 + j] = s00; C[c0 + j + 1] = s01; C[c0 + j + 2] = s02; C[c0 + j + 3] = s03;
      C[c1 + j] = s10; C[c1 + j + 1] = s11; C[c1 + j + 2] = s12; C[c1 + j + 3] = s13;
    }
    for (; j < N; j++) {
      const b0 = bOff + j * bRow;
      let s0 = 0, s1 = 0;
      for (let k = 0; k < K; k++) {
        s0 += A[a0 + k] * BT[b0 + k];
        s1 += A[a1 + k] * BT[b0 + k];
      }
      C[c0 + j] = s0;
      C[c1 + j] = s1;
    }
  }
  for (; i < M; i++) {
    const a0 = aOff + i * aRow, c0 = cOff + i * N;
    for (let j = 0; j < N; j++) {
      const b0 = bOff + j * bRow;
      let s = 0;
      for (let k = 0; k < K; k++) s += A[a0 + k] * BT[b0 + k];
      C[c0 + j] = s;
    }
  }
}
