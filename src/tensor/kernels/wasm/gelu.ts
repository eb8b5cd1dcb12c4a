import { chebyshev, erfcx } from '../../erf.js';
import { f32x4, f64x2, Fn, get, i32, i32c, set, v128, whileLoop, type Code, type ConstantTable, type Local } from './emit.js';
import { vectorExp } from './exp.js';

/**
 * float32 GELU and its VJP in float64x2 lanes, from one formula with no branch and no table:
 *   Φ(−|x|) = ½·erfc(z) = ½·e^(−z²)·erfcx(z),   z = |x|/√2,
 * erfcx (the scaled erfc, smooth on [0, ∞)) as a Chebyshev series in s = 2t − 1, t = 1/(1 + z/2) ∈ (0, 1],
 * fitted once at load to the exact function (16 terms: relative error 3.5e-10 over all z, against
 * float32's 6e-8), and Φ(x) = 1 − Φ(−|x|) for x ≥ 0. The same e^(−z²) = e^(−x²/2) gives
 * φ(x) for the VJP. Results are within an ulp of the JS kernels (float64 erf, then rounded); float64
 * data stays on the JS kernels, whose erf is good to 1e-15.
 */
const TERMS = 16;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** The fit's Chebyshev coefficients in s = 2t − 1 (the first halved, as Clenshaw's sum takes it). */
function erfcxSeries(): number[] {
  const c = [...chebyshev((s) => { const t = (s + 1) / 2; return t === 0 ? 0 : erfcx(2 * (1 / t - 1)); }, -1, 1, TERMS)];
  c[0] = 0.5 * c[0]!;
  return c;
}

/** The emitter of Φ(−|x|) and e^(−x²/2) for an f64x2 x; `init` loads the constants once per call. */
function normalTail(fn: Fn, table: ConstantTable): { init: Code; tail: (x: Local, e: Local) => Code } {
  const { init: expInit, exp } = vectorExp(fn, 'float64', table);
  const init: Code[] = [expInit];
  const constant = (v: number): Code => {
    const l = fn.local('v128');
    init.push(set(l, v128.load(i32c(table.splat('float64', v)))));
    return get(l);
  };
  const c = erfcxSeries().map(constant);
  const half = constant(0.5), one = constant(1), two = constant(2), invSqrt2 = constant(Math.SQRT1_2), minusHalf = constant(-0.5);
  const z = fn.local('v128'), s = fn.local('v128'), s2 = fn.local('v128'), b1 = fn.local('v128'), b2 = fn.local('v128'), b0 = fn.local('v128');
  const F = f64x2;
  // Clenshaw, bₖ = 2s·bₖ₊₁ − bₖ₊₂ + cₖ (stable; the same series in powers of s cancels to 2% at large z)
  const clenshaw: Code[] = [set(b1, v128.zero()), set(b2, v128.zero())];
  for (let k = TERMS - 1; k >= 1; k--) clenshaw.push(set(b0, F.add(F.sub(F.mul(get(s2), get(b1)), get(b2)), c[k]!)), set(b2, get(b1)), set(b1, get(b0)));
  const tail = (x: Local, e: Local): Code => [
    ...set(z, F.mul(F.abs(get(x)), invSqrt2)),
    // s = 2/(1 + z/2) − 1
    ...set(s, F.sub(F.div(two, F.add(one, F.mul(get(z), half))), one)),
    ...set(s2, F.add(get(s), get(s))),
    ...clenshaw.flat(),
    ...set(e, exp(F.mul(F.mul(get(x), get(x)), minusHalf))),
    // Φ(−|x|) = ½·e^(−z²)·erfcx(z), left on the stack
    ...F.mul(F.mul(get(e), F.add(F.sub(F.mul(get(s), get(b1)), get(b2)), c[0]!)), half),
  ];
  return { init: init.flat(), tail };
}

/** Φ(x) from Φ(−|x|) = h: 1 − h where x ≥ 0, h elsewhere (NaN: h, itself NaN). */
const cdf = (x: Local, h: Local, one: Code): Code => v128.bitselect(f64x2.sub(one, get(h)), get(h), f64x2.ge(get(x), v128.zero()));

/** (src, dst, vectors): dst = x·Φ(x), four float32 values a vector. */
export function gelu(table: ConstantTable): Fn {
  const fn = new Fn('gelu_float32', ['i32', 'i32', 'i32']);
  const [src, dst, n] = fn.params;
  const { init, tail } = normalTail(fn, table);
  const v = fn.local('v128'), x = fn.local('v128'), e = fn.local('v128'), h = fn.local('v128'), lo = fn.local('v128');
  const one = v128.splatConst('float64', 1);
  const half = (out: Local, part: Code): Code => [
    ...set(x, part), ...set(h, tail(x, e)),
    ...set(out, f32x4.demoteZero(f64x2.mul(get(x), cdf(x, h, one)))),
  ];
  const hi = fn.local('v128');
  fn.body = [...init, ...whileLoop(i32.ltS(i32c(0), get(n)),
    set(v, v128.load(get(src))),
    half(lo, f32x4.promoteLow(get(v))),
    half(hi, f32x4.promoteLow(v128.highToLow(get(v)))),
    v128.store(get(dst), v128.lowHalves(get(lo), get(hi))),
    set(src, i32.add(get(src), i32c(16))), set(dst, i32.add(get(dst), i32c(16))), set(n, i32.sub(get(n), i32c(1))))];
  return fn;
}

/** (g, gStep, x, xStep, out, rows, vectorsPerRow): out = g·(Φ(x) + x·φ(x)), rows as the binary kernels walk them. */
export function geluGrad(table: ConstantTable): Fn {
  const fn = new Fn('geluGrad_float32', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [g, gStep, xs, xStep, out, rows, perRow] = fn.params;
  const { init, tail } = normalTail(fn, table);
  const pg = fn.local('i32'), px = fn.local('i32'), n = fn.local('i32');
  const v = fn.local('v128'), w = fn.local('v128'), x = fn.local('v128'), e = fn.local('v128'), h = fn.local('v128');
  const lo = fn.local('v128'), hi = fn.local('v128');
  const one = v128.splatConst('float64', 1), density = v128.splatConst('float64', INV_SQRT_2PI);
  const half = (res: Local, part: Code, gPart: Code): Code => [
    ...set(x, part), ...set(h, tail(x, e)),
    ...set(res, f32x4.demoteZero(f64x2.mul(gPart, f64x2.add(cdf(x, h, one), f64x2.mul(f64x2.mul(get(x), get(e)), density))))),
  ];
  fn.body = [...init, ...whileLoop(i32.ltS(i32c(0), get(rows)),
    set(pg, get(g)), set(px, get(xs)), set(n, get(perRow)),
    whileLoop(i32.ltS(i32c(0), get(n)),
      set(v, v128.load(get(px))), set(w, v128.load(get(pg))),
      half(lo, f32x4.promoteLow(get(v)), f32x4.promoteLow(get(w))),
      half(hi, f32x4.promoteLow(v128.highToLow(get(v))), f32x4.promoteLow(v128.highToLow(get(w)))),
      v128.store(get(out), v128.lowHalves(get(lo), get(hi))),
      set(pg, i32.add(get(pg), i32c(16))), set(px, i32.add(get(px), i32c(16))), set(out, i32.add(get(out), i32c(16))),
      set(n, i32.sub(get(n), i32c(1)))),
    set(g, i32.add(get(g), get(gStep))), set(xs, i32.add(get(xs), get(xStep))),
    set(rows, i32.sub(get(rows), i32c(1))))];
  return fn;
}
