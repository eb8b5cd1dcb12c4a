import { f32x4, f64, f64c, f64x2, Fn, get, i32, i32c, set, v128, whileLoop, type Code, type Local } from './emit.js';
import type { FloatType } from './exp.js';

/**
 * (p, g, m, v, vectors, b1, b2, eps, stepSize, bc2Sqrt): KernelSet.adamStep over `vectors` 16-byte
 * vectors of each array, in place. The arithmetic is the JS kernel's, in float64 lanes: float32
 * values are promoted two at a time, and m and v are rounded to float32 as they are stored and
 * used so rounded, as a Float32Array store and load round them in JS. So both sets give the same
 * bits, and no lane needs a sqrt or a divide wider than a float64x2 one.
 */
export function adamStep(t: FloatType): Fn {
  const fn = new Fn(`adamStep_${t}`, ['i32', 'i32', 'i32', 'i32', 'i32', 'f64', 'f64', 'f64', 'f64', 'f64']);
  const [p, g, m, v, count, b1, b2, eps, stepSize, bc2Sqrt] = fn.params;
  const splat = (x: Code): Local => { const l = fn.local('v128'); init.push(set(l, f64x2.splat(x))); return l; };
  const init: Code[] = [];
  const B1 = splat(get(b1)), C1 = splat(f64.sub(f64c(1), get(b1))), B2 = splat(get(b2)), C2 = splat(f64.sub(f64c(1), get(b2)));
  const EPS = splat(get(eps)), STEP = splat(get(stepSize)), BC2 = splat(get(bc2Sqrt));
  const wide = t === 'float64';
  // float32: a rounded copy of a float64x2 (lanes 0, 1), back in float64 lanes
  const rounded = (x: Code): Code => (wide ? x : f32x4.promoteLow(f32x4.demoteZero(x)));
  /** One float64x2 of each array (already in locals) to the new p, m, v in the same locals. */
  const lanes = (P: Local, G: Local, M: Local, V: Local): Code => [
    // m ← b1·m + (1 − b1)·g;  v ← b2·v + (1 − b2)·g·g
    set(M, rounded(f64x2.add(f64x2.mul(get(B1), get(M)), f64x2.mul(get(C1), get(G))))),
    set(V, rounded(f64x2.add(f64x2.mul(get(B2), get(V)), f64x2.mul(f64x2.mul(get(C2), get(G)), get(G))))),
    // p ← p − stepSize·(m / (√v / bc2Sqrt + eps))
    set(P, f64x2.sub(get(P), f64x2.mul(get(STEP), f64x2.div(get(M), f64x2.add(f64x2.div(f64x2.sqrt(get(V)), get(BC2)), get(EPS)))))),
  ].flat();
  const ptrs = [p, g, m, v];
  const lo = ptrs.map(() => fn.local('v128')), hi = ptrs.map(() => fn.local('v128'));
  const advance = [...ptrs.map((q) => set(q, i32.add(get(q), i32c(16)))), set(count, i32.sub(get(count), i32c(1)))];
  const body: Code[] = wide
    ? [...ptrs.map((q, k) => set(lo[k]!, v128.load(get(q)))), lanes(lo[0]!, lo[1]!, lo[2]!, lo[3]!),
      v128.store(get(p), get(lo[0]!)), v128.store(get(m), get(lo[2]!)), v128.store(get(v), get(lo[3]!))]
    : [
      // four float32 values of each array: lanes 0, 1 in lo, lanes 2, 3 in hi
      ...ptrs.flatMap((q, k) => [set(hi[k]!, v128.load(get(q))), set(lo[k]!, f32x4.promoteLow(get(hi[k]!))), set(hi[k]!, f32x4.promoteLow(v128.highToLow(get(hi[k]!))))]),
      lanes(lo[0]!, lo[1]!, lo[2]!, lo[3]!), lanes(hi[0]!, hi[1]!, hi[2]!, hi[3]!),
      ...[[p, 0], [m, 2], [v, 3]].map(([q, k]) => v128.store(get(q as Local), v128.lowHalves(f32x4.demoteZero(get(lo[k as number]!)), f32x4.demoteZero(get(hi[k as number]!))))),
    ];
  fn.body = [...init.flat(), ...whileLoop(i32.ltS(i32c(0), get(count)), ...body, ...advance)];
  return fn;
}
