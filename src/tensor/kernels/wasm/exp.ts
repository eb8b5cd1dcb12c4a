import { f32x4, f64x2, i32c, i32x4, i64x2, get, set, v128, type Code, type Fn, type Local } from './emit.js';

export type FloatType = 'float32' | 'float64';

/**
 * exp on a SIMD vector (WebAssembly has no exp instruction). The classic three steps:
 *   1. range reduction  x = n·ln2 + r, n = round(x·log2 e), |r| ≤ ln2/2 ≈ 0.347, with ln2 split
 *      into hi + lo (Cody–Waite) so that n·hi is exact and r keeps full precision;
 *   2. exp(r) by its Taylor series to degree 7 (float32) or 13 (float64): the truncation error
 *      |r|^(d+1)/(d+1)! is 5e-9 and 4e-18, below half an ulp of each type;
 *   3. 2^n built from exponent bits, applied as 2^(n−⌊n/2⌋)·2^⌊n/2⌋ so that results in the
 *      subnormal range (and the overflow to +Inf) come out of one final rounding.
 * x is first clamped to a range whose ends give exactly 0 and +Inf; the clamp keeps NaN (wasm
 * min/max propagate it) and maps ±Inf to +Inf and 0. Measured against Math.exp over the whole
 * float range (test/kernels.test.ts): within 1 ulp of Math.exp rounded to the type, for both types.
 */
const spec = {
  float32: {
    lo: -110, hi: 100, // e^-110 < 2^-150 rounds to 0; e^100 > 2^128 overflows
    ln2Hi: 0.693359375, // 355/512: n·ln2Hi is exact for |n| < 2^15
    degree: 7, bias: 127, mantissaBits: 23,
  },
  float64: {
    lo: -1400, hi: 1400, // e^-1400 < 2^-1075 rounds to 0; e^1400 > 2^1024 overflows
    ln2Hi: 0.6931471803691238, // ln2 to 32 significant bits: n·ln2Hi is exact for |n| < 2^21
    degree: 13, bias: 1023, mantissaBits: 52,
  },
} as const;
/** ln2 − ln2Hi to full double precision (for float32 Math.LN2 − ln2Hi is exact enough). */
const LN2_LO = { float32: Math.LN2 - spec.float32.ln2Hi, float64: 1.9082149292705877e-10 };

/**
 * An emitter of exp(x) for vectors of `dtype`: `init` (run once, at the start of the function)
 * puts the constants in locals of `fn`, because a v128.const in a loop is rebuilt on every pass.
 */
export function vectorExp(fn: Fn, dtype: FloatType): { init: Code; exp: (x: Code) => Code } {
  const s = spec[dtype], F = dtype === 'float32' ? f32x4 : f64x2;
  const x = fn.local('v128'), n = fn.local('v128'), r = fn.local('v128'), p = fn.local('v128'), k = fn.local('v128');
  const init: Code[] = [];
  const consts = new Map<number, Local>();
  const c = (v: number): Code => {
    let l = consts.get(v);
    if (!l) {
      l = fn.local('v128');
      consts.set(v, l);
      init.push(set(l, v128.splatConst(dtype, v)));
    }
    return get(l);
  };
  const coeffs = Array.from({ length: s.degree + 1 }, (_, i) => 1 / factorial(i));
  const poly = horner(F, coeffs.map(c), get(r));
  // 2^m for integer lanes m: (m + bias) << mantissaBits, reinterpreted as floats.
  const pow2 = (m: Code): Code => dtype === 'float32'
    ? i32x4.shl(i32x4.add(m, i32x4.splat(i32c(s.bias))), i32c(s.mantissaBits))
    : i64x2.shl(i64x2.add(i64x2.extendLowI32x4(m), i64x2.extendLowI32x4(i32x4.splat(i32c(s.bias)))), i32c(s.mantissaBits));
  const exp = (input: Code): Code => [
    // pmax/pmin (one instruction each) keep NaN as the operand they were given first.
    ...set(x, F.pmin(F.pmax(input, c(s.lo)), c(s.hi))),
    ...set(n, F.nearest(F.mul(get(x), c(Math.LOG2E)))),
    ...set(r, F.sub(F.sub(get(x), F.mul(get(n), c(s.ln2Hi))), F.mul(get(n), c(LN2_LO[dtype])))),
    ...set(p, poly),
    // n in integer lanes; 2^n is applied as 2^⌊n/2⌋ · 2^(n − ⌊n/2⌋).
    ...set(k, dtype === 'float32' ? i32x4.truncSatF32x4(get(n)) : i32x4.truncSatF64x2Zero(get(n))),
    ...F.mul(F.mul(get(p), pow2(i32x4.shrS(get(k), i32c(1)))), pow2(i32x4.sub(get(k), i32x4.shrS(get(k), i32c(1))))),
  ];
  exp(v128.zero()); // registers every constant, so that `init` is complete before it is used
  return { init: init.flat(), exp };
}

type VecOps = typeof f32x4 | typeof f64x2;
/** Σ cᵢ·rⁱ as (…(c_d·r + c_{d−1})·r + …)·r + c₀: d dependent multiply-adds. */
function horner(F: VecOps, c: Code[], r: Code): Code {
  let p = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) p = F.add(F.mul(p, r), c[i]);
  return p;
}
function factorial(k: number): number {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return f;
}
