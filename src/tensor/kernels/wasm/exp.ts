import { f32x4, f64x2, i32c, i32x4, i64x2, get, set, v128, type Code, type ConstantTable, type Fn, type Local } from './emit.js';

export type FloatType = 'float32' | 'float64';

/**
 * exp on a SIMD vector (WebAssembly has no exp instruction). The classic three steps:
 *   1. range reduction  x = n·ln2 + r, n = round(x·log2 e), |r| ≤ ln2/2 ≈ 0.347, with ln2 split
 *      into hi + lo (Cody–Waite) so that n·hi is exact and r keeps full precision;
 *   2. exp(r) by its Taylor series to degree 7 (float32) or 13 (float64): the truncation error
 *      |r|^(d+1)/(d+1)! is 5e-9 and 4e-18, below half an ulp of each type;
 *   3. 2^n built from exponent bits, applied as 2^(n−⌊n/2⌋)·2^⌊n/2⌋ so that results in the
 *      subnormal range (and the overflow to +Inf) come out of one final rounding.
 * Rounding uses the float trick (v + 1.5·2^p) − 1.5·2^p, p the mantissa width, and an integer m
 * in float form is turned into 2^m by the bits of m + 1.5·2^p, whose low bits are m: adding the
 * exponent bias and shifting the sum into the exponent field drops the rest. Every step is then
 * one native SIMD instruction (no float→int conversion, no 64-bit arithmetic shift).
 * x is first clamped to a range whose ends give exactly 0 and +Inf; the clamp keeps NaN (pmax and
 * pmin return their first operand when a comparison is false) and maps ±Inf to +Inf and 0. Measured against Math.exp over the whole
 * float range (test/kernels.test.ts): within 1 ulp of Math.exp rounded to the type, for both types.
 */
const spec = {
  float32: {
    lo: -110, hi: 100, // e^-110 < 2^-150 rounds to 0; e^100 > 2^128 overflows
    ln2Hi: 0.693359375, // 355/512: n·ln2Hi is exact for |n| < 2^15
    degree: 7, bias: 127, mantissaBits: 23,
    round: 1.5 * 2 ** 23, // x + this − this rounds x to an integer; its bits end in that integer
  },
  float64: {
    lo: -1400, hi: 1400, // e^-1400 < 2^-1075 rounds to 0; e^1400 > 2^1024 overflows
    ln2Hi: 0.6931471803691238, // ln2 to 32 significant bits: n·ln2Hi is exact for |n| < 2^21
    degree: 13, bias: 1023, mantissaBits: 52,
    round: 1.5 * 2 ** 52,
  },
} as const;
/** ln2 − ln2Hi to full double precision (for float32 Math.LN2 − ln2Hi is exact enough). */
const LN2_LO = { float32: Math.LN2 - spec.float32.ln2Hi, float64: 1.9082149292705877e-10 };

/**
 * An emitter of exp(x) for vectors of `dtype`: `init` (run once, at the start of the function)
 * loads the constants from the table into locals of `fn` (see ConstantTable for why).
 */
export function vectorExp(fn: Fn, dtype: FloatType, table: ConstantTable): { init: Code; exp: (x: Code) => Code } {
  const s = spec[dtype], F = dtype === 'float32' ? f32x4 : f64x2;
  const x = fn.local('v128'), n = fn.local('v128'), r = fn.local('v128'), p = fn.local('v128'), k = fn.local('v128');
  const init: Code[] = [];
  const consts = new Map<number, Local>();
  const c = (v: number): Code => {
    let l = consts.get(v);
    if (!l) {
      l = fn.local('v128');
      consts.set(v, l);
      init.push(set(l, v128.load(i32c(table.splat(dtype, v)))));
    }
    return get(l);
  };
  const intConsts = new Map<string, Local>();
  const intConst = (key: string, bytes: Code): Code => {
    let l = intConsts.get(key);
    if (!l) {
      l = fn.local('v128');
      intConsts.set(key, l);
      init.push(set(l, v128.load(i32c(table.address(bytes)))));
    }
    return get(l);
  };
  const c32 = (v: number): Code => intConst(`i32:${v}`, [...new Uint8Array(Int32Array.of(v, v, v, v).buffer)]);
  const c64 = (v: number): Code => intConst(`i64:${v}`, [...new Uint8Array(BigInt64Array.of(BigInt(v), BigInt(v)).buffer)]);
  const coeffs = Array.from({ length: s.degree + 1 }, (_, i) => 1 / factorial(i));
  const poly = horner(F, coeffs.map(c), get(r));
  // 2^m for m an integer held as a float: bits(m + round) + bias, shifted into the exponent field.
  const I = dtype === 'float32' ? { add: i32x4.add, shl: i32x4.shl } : { add: i64x2.add, shl: i64x2.shl };
  const bias = dtype === 'float32' ? c32(s.bias) : c64(s.bias);
  const pow2 = (m: Code): Code => I.shl(I.add(F.add(m, c(s.round)), bias), i32c(s.mantissaBits));
  const exp = (input: Code): Code => [
    // pmax/pmin (one instruction each) keep NaN as the operand they were given first.
    ...set(x, F.pmin(F.pmax(input, c(s.lo)), c(s.hi))),
    ...set(n, F.sub(F.add(F.mul(get(x), c(Math.LOG2E)), c(s.round)), c(s.round))),
    ...set(r, F.sub(F.sub(get(x), F.mul(get(n), c(s.ln2Hi))), F.mul(get(n), c(LN2_LO[dtype])))),
    ...set(p, poly),
    ...set(k, F.floor(F.mul(get(n), c(0.5)))), // ⌊n/2⌋
    ...F.mul(F.mul(get(p), pow2(get(k))), pow2(F.sub(get(n), get(k)))),
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
