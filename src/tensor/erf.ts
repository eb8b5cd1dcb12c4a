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
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / erfcFraction(ax);
  return Math.sign(x) * (1 - erfc);
}

/** x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))) for x > 0, so erfc(x) = e^(−x²)/(√π·this). */
function erfcFraction(ax: number): number {
  const tiny = 1e-300;
  let f = ax, c = ax, d = 0;
  for (let k = 1; k < 5000; k++) {
    const a = k / 2;
    d = ax + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = ax + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return f;
}

/** The scaled erfc, e^(z²)·erfc(z), for z ≥ 0 (to ~1e-13: the series loses a few digits just below 2). */
export function erfcx(z: number): number {
  return z < 2 ? Math.exp(z * z) * (1 - erfSeries(z, 2.5)) : 1 / (Math.sqrt(Math.PI) * erfcFraction(z));
}

/**
 * Chebyshev coefficients of f on [a, b] at n nodes: f ≈ Σₖ cₖ·Tₖ(t) − c₀/2, t = (2x − a − b)/(b − a).
 * Computed once, at load, from the exact series.
 */
export function chebyshev(f: (x: number) => number, a: number, b: number, n: number): Float64Array {
  const values = Array.from({ length: n }, (_, j) => f(((b - a) / 2) * Math.cos((Math.PI * (j + 0.5)) / n) + (a + b) / 2));
  return Float64Array.from({ length: n }, (_, k) => (2 / n) * values.reduce((s, v, j) => s + v * Math.cos((Math.PI * k * (j + 0.5)) / n), 0));
}


// |x| < 1: erf(x) = x·h(x²), h(u) = erf(√u)/√u fitted in u on 4 pieces (relative accuracy down
// to x = 0); 1 ≤ |x| < 6: erfc on pieces of width 1/4 (erf ≥ 0.84 there, so absolute = relative
// error); beyond 6, erf = ±1 to double precision (1 − erf(6) ≈ 2e-17). Narrow pieces keep the
// degree (the cost per call) low.
const DEGREE = 11; // piece() below is written out for these 11 terms
const exact = (x: number) => erfSeries(x, 2);
// All pieces' coefficients in one array (piece p at p·DEGREE): one monomorphic load per term.
// Pieces 0–3: h on u ∈ [p/4, (p + 1)/4]; pieces 4–23: erfc on x ∈ [1 + (p − 4)/4, 1.25 + (p − 4)/4].
// erfc = 1 − erf is fitted there rather than erf: its coefficients are small, so their rounding is
// too (a fit of values ≈ 1 leaves ~1e-15 in every coefficient).
const COEFFS = Float64Array.from([
  ...Array.from({ length: 4 }, (_, i) => [...chebyshev((u) => exact(Math.sqrt(u)) / Math.sqrt(u), i / 4, (i + 1) / 4, DEGREE)]),
  ...Array.from({ length: 20 }, (_, i) => [...chebyshev((x) => 1 - exact(x), 1 + i / 4, 1.25 + i / 4, DEGREE)]),
].flat());

/**
 * The pieces as polynomials in t (monomial coefficients, piece p at p·DEGREE), converted once from
 * the Chebyshev series through Tₖ₊₁ = 2t·Tₖ − Tₖ₋₁. Evaluated by Estrin's scheme, whose chain of
 * dependent operations is 4 multiply-adds deep instead of Clenshaw's 20: erf is latency-bound,
 * so this is ~2.5x faster per value. On t ∈ [−1, 1] the monomial coefficients stay below ~1,
 * so the form costs no accuracy (test/erf.test.ts holds it to 2e-15 of the exact series).
 */
const MONO = (() => {
  const out = new Float64Array(COEFFS.length);
  for (let p = 0; p < COEFFS.length / DEGREE; p++) {
    let prev = new Float64Array(DEGREE), cur = new Float64Array(DEGREE);
    prev[0] = 1; cur[1] = 1; // T₀, T₁
    const poly = new Float64Array(DEGREE);
    poly[0] = 0.5 * COEFFS[p * DEGREE];
    for (let k = 1; k < DEGREE; k++) {
      for (let m = 0; m < DEGREE; m++) poly[m] += COEFFS[p * DEGREE + k] * cur[m];
      const next = new Float64Array(DEGREE);
      for (let m = 0; m < DEGREE; m++) next[m] = (m > 0 ? 2 * cur[m - 1] : 0) - prev[m];
      [prev, cur] = [cur, next];
    }
    out.set(poly, p * DEGREE);
  }
  return out;
})();

/** Piece p's polynomial at t ∈ [−1, 1] (Estrin, degree 10). */
function piece(p: number, t: number): number {
  const c = MONO, at = p * DEGREE, t2 = t * t, t4 = t2 * t2;
  const lo = (c[at] + c[at + 1] * t) + (c[at + 2] + c[at + 3] * t) * t2;
  const mid = (c[at + 4] + c[at + 5] * t) + (c[at + 6] + c[at + 7] * t) * t2;
  const hi = (c[at + 8] + c[at + 9] * t) + c[at + 10] * t2;
  return lo + (mid + hi * t4) * t4;
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
