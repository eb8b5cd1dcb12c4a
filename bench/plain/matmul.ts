// Plain-JS matmul: the "best single-threaded JS" reference. B is packed into panels of 4 columns
// (k-major, contiguous), then a 4×4 tile of C is accumulated in 16 locals over k (register
// blocking). Remainder rows/columns fall back to narrower loops.

/** Packs B [k, n] (row-major) into ceil(n/4) panels of [k, 4] (zero-padded). */
export function packB(b: Float32Array, k: number, n: number, out?: Float32Array): Float32Array {
  const panels = Math.ceil(n / 4);
  const p = out && out.length >= panels * k * 4 ? out : new Float32Array(panels * k * 4);
  for (let jp = 0; jp < panels; jp++) {
    const j = jp * 4;
    const base = jp * k * 4;
    const w = Math.min(4, n - j);
    if (w === 4) {
      for (let kk = 0; kk < k; kk++) {
        const src = kk * n + j;
        const dst = base + kk * 4;
        p[dst] = b[src]!;
        p[dst + 1] = b[src + 1]!;
        p[dst + 2] = b[src + 2]!;
        p[dst + 3] = b[src + 3]!;
      }
    } else {
      for (let kk = 0; kk < k; kk++) {
        for (let c = 0; c < 4; c++) p[base + kk * 4 + c] = c < w ? b[kk * n + j + c]! : 0;
      }
    }
  }
  return p;
}

/**
 * C[m, n] = A[m, k] · B[k, n], all row-major Float32Arrays. `scratch` (optional) is reused for the
 * packed copy of B. Returns C.
 */
export function matmul(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  c: Float32Array = new Float32Array(m * n),
  scratch?: Float32Array,
): Float32Array {
  const bp = packB(b, k, n, scratch);
  const panels = Math.ceil(n / 4);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    for (let jp = 0; jp < panels; jp++) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let q = jp * k * 4;
      for (let kk = 0; kk < k; kk++, q += 4) {
        const b0 = bp[q]!, b1 = bp[q + 1]!, b2 = bp[q + 2]!, b3 = bp[q + 3]!;
        const x0 = a[a0 + kk]!, x1 = a[a1 + kk]!, x2 = a[a2 + kk]!, x3 = a[a3 + kk]!;
        c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
        c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
        c20 += x2 * b0; c21 += x2 * b1; c22 += x2 * b2; c23 += x2 * b3;
        c30 += x3 * b0; c31 += x3 * b1; c32 += x3 * b2; c33 += x3 * b3;
      }
      const j = jp * 4;
      if (j + 4 <= n) {
        let o = i * n + j;
        c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03; o += n;
        c[o] = c10; c[o + 1] = c11; c[o + 2] = c12; c[o + 3] = c13; o += n;
        c[o] = c20; c[o + 1] = c21; c[o + 2] = c22; c[o + 3] = c23; o += n;
        c[o] = c30; c[o + 1] = c31; c[o + 2] = c32; c[o + 3] = c33;
      } else {
        const rows = [[c00, c01, c02, c03], [c10, c11, c12, c13], [c20, c21, c22, c23], [c30, c31, c32, c33]];
        for (let r = 0; r < 4; r++) for (let cc = 0; j + cc < n; cc++) c[(i + r) * n + j + cc] = rows[r]![cc]!;
      }
    }
  }
  // Remaining rows (m not a multiple of 4): one row at a time against the packed panels.
  for (; i < m; i++) {
    const a0 = i * k;
    for (let jp = 0; jp < panels; jp++) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let q = jp * k * 4;
      for (let kk = 0; kk < k; kk++, q += 4) {
        const x0 = a[a0 + kk]!;
        c00 += x0 * bp[q]!; c01 += x0 * bp[q + 1]!; c02 += x0 * bp[q + 2]!; c03 += x0 * bp[q + 3]!;
      }
      const j = jp * 4;
      const vals = [c00, c01, c02, c03];
      for (let cc = 0; cc < 4 && j + cc < n; cc++) c[i * n + j + cc] = vals[cc]!;
    }
  }
  return c;
}

/** out[c, r] = x[r, c]: transpose of a row-major [rows, cols] matrix. */
export function transpose(x: Float32Array, rows: number, cols: number, out: Float32Array = new Float32Array(rows * cols)): Float32Array {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = x[base + c]!;
  }
  return out;
}

/** Naive triple loop (i-j-k, float64 accumulation): the reference for the self-check. */
export function matmulNaive(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let kk = 0; kk < k; kk++) s += a[i * k + kk]! * b[kk * n + j]!;
      c[i * n + j] = s;
    }
  }
  return c;
}
