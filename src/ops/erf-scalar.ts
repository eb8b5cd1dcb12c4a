/**
 * erf(x) to about 1e-15 absolute: the Maclaurin series below |x| = `switchAt` (its terms stay below
 * e^(switchAt²), so little cancellation), and erfc's continued fraction above, evaluated with the
 * modified Lentz method. Exact but slow (up to ~40 terms): erfScalar below is fitted to it, with
 * the switch at 2 (the series loses ~1e-15 between 2 and 2.5; the fraction converges there).
 */
export function erfSeries(x: number, switchAt = 2.5): number {
  if (x !== x) return x;
  const ax = Math.abs(x);
  if (ax < switchAt) {
    // erf(x) = 2/√π Σ (−1)ⁿ x^(2n+1) / (n!(2n+1))
    let term = x, total = x;
    const x2 = x * x;
    for (let n = 1; n < 60; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      total += add;
      if (Math.abs(add) < 1e-17 * Math.abs(total)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * total;
  }
  if (ax > 6) return Math.sign(x);
  // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
  const tiny = 1e-300;
  let f = ax, c = ax, d = 0;
  for (let k = 1; k < 1000; k++) {
    const a = k / 2;
    d = ax + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = ax + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

/**
 * Chebyshev coefficients of f on [a, b] at n nodes: f ≈ Σₖ cₖ·Tₖ(t) − c₀/2, t = (2x − a − b)/(b − a).
 * Computed once, at load, from the exact series.
 */
function chebyshev(f: (x: number) => number, a: number, b: number, n: number): Float64Array {
  const values = Array.from({ length: n }, (_, j) => f(((b - a) / 2) * Math.cos((Math.PI * (j + 0.5)) / n) + (a + b) / 2));
  return Float64Array.from({ length: n }, (_, k) => (2 / n) * values.reduce((s, v, j) => s + v * Math.cos((Math.PI * k * (j + 0.5)) / n), 0));
}


// |x| < 1: erf(x) = x·h(x²), h(u) = erf(√u)/√u fitted in u on 4 pieces (relative accuracy down
// to x = 0); 1 ≤ |x| < 6: erfc on pieces of width 1/4 (erf ≥ 0.84 there, so absolute = relative
// error); beyond 6, erf = ±1 to double precision (1 − erf(6) ≈ 2e-17). Narrow pieces keep the
// degree (the cost per call) low.
const DEGREE = 11;
const exact = (x: number) => erfSeries(x, 2);
// All pieces' coefficients in one array (piece p at p·DEGREE): one monomorphic load per term.
// Pieces 0–3: h on u ∈ [p/4, (p + 1)/4]; pieces 4–23: erfc on x ∈ [1 + (p − 4)/4, 1.25 + (p − 4)/4].
// erfc = 1 − erf is fitted there rather than erf: its coefficients are small, so their rounding is
// too (a fit of values ≈ 1 leaves ~1e-15 in every coefficient).
const COEFFS = Float64Array.from([
  ...Array.from({ length: 4 }, (_, i) => [...chebyshev((u) => exact(Math.sqrt(u)) / Math.sqrt(u), i / 4, (i + 1) / 4, DEGREE)]),
  ...Array.from({ length: 20 }, (_, i) => [...chebyshev((x) => 1 - exact(x), 1 + i / 4, 1.25 + i / 4, DEGREE)]),
].flat());

/** Piece p's series at t ∈ [−1, 1] (Clenshaw), from the flat table. */
function piece(p: number, t: number): number {
  const at = p * DEGREE, t2 = 2 * t;
  let b1 = 0, b2 = 0;
  for (let k = DEGREE - 1; k >= 1; k--) {
    const b0 = t2 * b1 - b2 + COEFFS[at + k];
    b2 = b1;
    b1 = b0;
  }
  return t * b1 - b2 + 0.5 * COEFFS[at];
}

/**
 * erf(x) within about 1e-15 of the exact series, in one polynomial evaluation
 * (11 terms) instead of a series of up to 40: the erf and gelu kernels call it per element.
 * NaN stays NaN.
 */
export function erfScalar(x: number): number {
  const ax = Math.abs(x);
  if (ax < 1) {
    const u = x * x, i = Math.min(3, Math.floor(u * 4));
    return x * piece(i, 8 * (u - i / 4) - 1);
  }
  if (ax < 6) {
    const i = Math.floor((ax - 1) * 4);
    const v = 1 - piece(4 + i, 8 * (ax - 1 - i / 4) - 1);
    return x < 0 ? -v : v;
  }
  return x !== x ? x : Math.sign(x);
}
