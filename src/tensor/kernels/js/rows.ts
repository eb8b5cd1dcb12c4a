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
    // s = ∞ only when the row holds +∞ (a finite shift keeps every term ≤ 1): NaN, as in PyTorch.
    const inv = s === Infinity ? NaN : 1 / s;
    for (let i = 0; i < cols; i++) out[o + i] *= inv;
  }
}

/**
 * x − lse(x), never log(softmax(x)): no log(0) at saturation. Computed as (x − shift) − log Σ,
 * not x − (shift + log Σ): the rounded lse would cost a small log-probability at large logits its
 * digits (−3e-7 at logits near 1e4 came out 1e-5 off, relatively). Both terms are ≤ 0 (Σ ≥ 1).
 */
export function logSoftmaxRows(d: TypedArray, offset: number, rows: number, cols: number, out: TypedArray, probs: TypedArray | null): void {
  const p = probs ?? out;
  for (let row = 0; row < rows; row++) {
    const base = offset + row * cols, o = row * cols;
    const shift = rowShift(d, base, cols);
    let s = 0;
    for (let i = 0; i < cols; i++) s += p[o + i] = Math.exp(d[base + i] - shift);
    // Σ = +∞ only when the row holds +∞ (a finite shift bounds it by n): NaN, as in PyTorch.
    const logSum = s === Infinity ? NaN : Math.log(s), inv = 1 / s;
    if (probs) for (let i = 0; i < cols; i++) { out[o + i] = d[base + i] - shift - logSum; probs[o + i] *= inv; }
    else for (let i = 0; i < cols; i++) out[o + i] = d[base + i] - shift - logSum;
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

/**
 * The exp pass of a fused softmax loss: per row the shift, Σ exp(x − shift), and exp(x − shift)
 * into `exps` when given, reading each row once where it can (expRow below).
 */
export function expSumsRows(d: TypedArray, offset: number, rows: number, cols: number, shifts: Float64Array, sums: Float64Array, exps: TypedArray | null): void {
  for (let row = 0; row < rows; row++) {
    sums[row] = expRow(d, offset + row * cols, cols, exps, row * cols);
    shifts[row] = rowMax;
  }
}

// Where the running max of the row being read changed: start index and max of each stretch.
const MAX_STRETCHES = 32;
const stretchStart = new Int32Array(MAX_STRETCHES), stretchMax = new Float64Array(MAX_STRETCHES);
/** The max of the last row given to expRow (module state: one kernel runs at a time). */
let rowMax = 0;

/**
 * Σ exp(x − max) over a row, writing e = exp(x − max) into `e` when given, reading x once (the
 * online softmax): the sum is rescaled whenever the running max grows, and the stretches of e
 * written under a smaller max are rescaled at the end, while the row is still in cache. A row
 * with a non-finite value, or whose max grows too often (ascending logits), takes the classic two
 * passes (max first, 0 as the shift when it is not finite), which define the result.
 */
function expRow(X: TypedArray, base: number, C: number, e: TypedArray | null, o: number): number {
  let m = -Infinity, s = 0, stretches = 0;
  for (let c = 0; c < C; c++) {
    const v = X[base + c];
    if (v > m) {
      if (s !== 0) s *= Math.exp(m - v);
      m = v;
      if (stretches === MAX_STRETCHES) return expRowTwoPass(X, base, C, e, o);
      stretchStart[stretches] = c;
      stretchMax[stretches++] = v;
    }
    const x = Math.exp(v - m);
    if (e) e[o + c] = x;
    s += x;
  }
  if (!(m - m === 0) || s !== s) return expRowTwoPass(X, base, C, e, o);
  if (e) {
    for (let k = 0; k < stretches - 1; k++) {
      const f = Math.exp(stretchMax[k] - m);
      for (let c = stretchStart[k]; c < stretchStart[k + 1]; c++) e[o + c] *= f;
    }
  }
  rowMax = m;
  return s;
}

function expRowTwoPass(X: TypedArray, base: number, C: number, e: TypedArray | null, o: number): number {
  const shift = rowShift(X, base, C);
  let s = 0;
  if (e) for (let c = 0; c < C; c++) s += e[o + c] = Math.exp(X[base + c] - shift);
  else for (let c = 0; c < C; c++) s += Math.exp(X[base + c] - shift);
  rowMax = shift;
  return s;
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

/** KernelSet.gatherRows: a gather along the last dim of rows rowLength apart. */
export function gatherRows(x: TypedArray, xOffset: number, rowLength: number, rows: number, index: Int32Array, iOffset: number, len: number, out: TypedArray): void {
  for (let r = 0, i = 0, k = iOffset, base = xOffset; r < rows; r++, base += rowLength) {
    for (let j = 0; j < len; j++, i++, k++) out[i] = x[base + index[k]];
  }
}

/** KernelSet.scatterAddRows: gatherRows' adjoint, added into out. */
export function scatterAddRows(src: TypedArray, sOffset: number, rows: number, len: number, index: Int32Array, iOffset: number, rowLength: number, out: TypedArray): void {
  for (let r = 0, i = sOffset, k = iOffset, base = 0; r < rows; r++, base += rowLength) {
    for (let j = 0; j < len; j++, i++, k++) out[base + index[k]] += src[i];
  }
}

/** KernelSet.sumRows: four partial sums (one chain of dependent adds would wait on each add's latency), combined pairwise. */
export function sumRows(x: TypedArray, offset: number, rows: number, cols: number, out: TypedArray): void {
  for (let r = 0; r < rows; r++) {
    const base = offset + r * cols;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, i = 0;
    for (; i + 3 < cols; i += 4) { a0 += x[base + i]; a1 += x[base + i + 1]; a2 += x[base + i + 2]; a3 += x[base + i + 3]; }
    for (; i < cols; i++) a0 += x[base + i];
    out[r] = (a0 + a1) + (a2 + a3);
  }
}

/** KernelSet.sumColumns: row 0, then each later row added in, every sum stored (so rounded) into out. */
export function sumColumns(x: TypedArray, offset: number, rows: number, cols: number, out: TypedArray): void {
  for (let j = 0; j < cols; j++) out[j] = x[offset + j];
  for (let i = 1; i < rows; i++) {
    const base = offset + i * cols;
    for (let j = 0; j < cols; j++) out[j] += x[base + j];
  }
}
