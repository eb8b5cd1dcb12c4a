import type { TypedArray } from '../../dtype.js';

/** The row's max, or 0 when that is not finite: the shift that keeps exp from overflowing. */
export function rowShift(d: TypedArray, base: number, n: number): number {
  let m = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = d[base + i];
    if (v > m || v !== v) m = v;
  }
  return m - m === 0 ? m : 0;
}

/** Two passes per row: the shift, then exp and its sum in one loop, then the scaling. */
export function softmaxRows(d: TypedArray, offset: number, rows: number, cols: number, out: TypedArray): void {
  for (let row = 0; row < rows; row++) {
    const base = offset + row * cols, o = row * cols;
    const shift = rowShift(d, base, cols);
    let s = 0;
    for (let i = 0; i < cols; i++) s += out[o + i] = Math.exp(d[base + i] - shift);
    const inv = 1 / s;
    for (let i = 0; i < cols; i++) out[o + i] *= inv;
  }
}

/** x − lse(x), never log(softmax(x)): no log(0) at saturation. */
export function logSoftmaxRows(d: TypedArray, offset: number, rows: number, cols: number, out: TypedArray, probs: TypedArray | null): void {
  const p = probs ?? out;
  for (let row = 0; row < rows; row++) {
    const base = offset + row * cols, o = row * cols;
    const shift = rowShift(d, base, cols);
    let s = 0;
    for (let i = 0; i < cols; i++) s += p[o + i] = Math.exp(d[base + i] - shift);
    const lse = shift + Math.log(s), inv = 1 / s;
    if (probs) for (let i = 0; i < cols; i++) { out[o + i] = d[base + i] - lse; probs[o + i] *= inv; }
    else for (let i = 0; i < cols; i++) out[o + i] = d[base + i] - lse;
  }
}

export function logSoftmaxGradRows(G: TypedArray, gOffset: number, P: TypedArray, pOffset: number, rows: number, cols: number, out: TypedArray): void {
  for (let row = 0; row < rows; row++) {
    const bg = gOffset + row * cols, bp = pOffset + row * cols, o = row * cols;
    let s = 0;
    for (let i = 0; i < cols; i++) s += G[bg + i];
    for (let i = 0; i < cols; i++) out[o + i] = G[bg + i] - P[bp + i] * s;
  }
}

export function expSumsRows(d: TypedArray, offset: number, rows: number, cols: number, shifts: Float64Array, sums: Float64Array, exps: TypedArray | null): void {
  for (let row = 0; row < rows; row++) {
    const base = offset + row * cols, o = row * cols;
    const shift = rowShift(d, base, cols);
    let s = 0;
    if (exps) for (let i = 0; i < cols; i++) s += exps[o + i] = Math.exp(d[base + i] - shift);
    else for (let i = 0; i < cols; i++) s += Math.exp(d[base + i] - shift);
    shifts[row] = shift;
    sums[row] = s;
  }
}

export function logsumexpRows(d: TypedArray, offset: number, rows: number, cols: number, out: TypedArray): void {
  for (let row = 0; row < rows; row++) {
    const base = offset + row * cols;
    const shift = rowShift(d, base, cols);
    let s = 0;
    for (let i = 0; i < cols; i++) s += Math.exp(d[base + i] - shift);
    out[row] = shift + Math.log(s);
  }
}
