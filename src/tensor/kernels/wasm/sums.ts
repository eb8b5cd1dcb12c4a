import { f32, f32x4, f64, f64x2, Fn, get, i32, i32c, set, v128, whileLoop, type Code } from './emit.js';
import type { FloatType } from './exp.js';

const BYTES = { float32: 4, float64: 8 } as const;

/**
 * (x, rows, cols, out): KernelSet.sumRows over contiguous rows, with the JS kernel's order of
 * additions: value i of a row goes to partial sum i mod 4 (two float64x2 accumulators hold
 * s0, s1 and s2, s3), the last cols mod 4 values to s0, and the row's sum is (s0 + s1) + (s2 + s3),
 * rounded once as it is stored. float32 values are promoted exactly, so both sets give the same bits.
 */
export function sumRows(t: FloatType): Fn {
  const fn = new Fn(`sumRows_${t}`, ['i32', 'i32', 'i32', 'i32']);
  const [x, rows, cols, out] = fn.params;
  const b = BYTES[t];
  const low = fn.local('v128'), high = fn.local('v128'), v = fn.local('v128');
  const s0 = fn.local('f64'), left = fn.local('i32'), total = fn.local('f64');
  const add4: Code = t === 'float32'
    ? [...set(v, v128.load(get(x))), ...set(low, f64x2.add(get(low), f32x4.promoteLow(get(v)))),
      ...set(high, f64x2.add(get(high), f32x4.promoteLow(v128.highToLow(get(v)))))]
    : [...set(low, f64x2.add(get(low), v128.load(get(x)))), ...set(high, f64x2.add(get(high), v128.load(get(x), 16)))];
  const value = t === 'float32' ? f64.promoteF32(f32.load(get(x))) : f64.load(get(x));
  fn.body = whileLoop(i32.ltS(i32c(0), get(rows)),
    set(low, v128.zero()), set(high, v128.zero()), set(left, get(cols)),
    whileLoop(i32.leS(i32c(4), get(left)), add4, set(x, i32.add(get(x), i32c(4 * b))), set(left, i32.sub(get(left), i32c(4)))),
    set(s0, f64x2.extract(get(low), 0)),
    whileLoop(i32.ltS(i32c(0), get(left)), set(s0, f64.add(get(s0), value)), set(x, i32.add(get(x), i32c(b))), set(left, i32.sub(get(left), i32c(1)))),
    set(total, f64.add(f64.add(get(s0), f64x2.extract(get(low), 1)), f64.add(f64x2.extract(get(high), 0), f64x2.extract(get(high), 1)))),
    t === 'float32' ? f32.store(get(out), f32.demoteF64(get(total))) : f64.store(get(out), get(total)),
    set(out, i32.add(get(out), i32c(b))), set(rows, i32.sub(get(rows), i32c(1))));
  return fn;
}

/**
 * (x, rows, cols, out): KernelSet.sumColumns: out = row 0, then each later row added lane by lane,
 * every sum rounded to the type as it is stored, as the JS loop's float64 add and store round it
 * (for one addition the two roundings give the correctly rounded sum), so both sets give the same bits.
 */
export function sumColumns(t: FloatType): Fn {
  const fn = new Fn(`sumColumns_${t}`, ['i32', 'i32', 'i32', 'i32']);
  const [x, rows, cols, out] = fn.params;
  const b = BYTES[t], lanes = 16 / b, F = t === 'float32' ? f32x4 : f64x2, S = t === 'float32' ? f32 : f64;
  const left = fn.local('i32'), p = fn.local('i32'), q = fn.local('i32');
  /** q[0 … cols) op= p[0 … cols): vectors, then one value at a time */
  const pass = (add: boolean): Code[] => [
    set(q, get(out)), set(left, get(cols)),
    whileLoop(i32.leS(i32c(lanes), get(left)),
      v128.store(get(q), add ? F.add(v128.load(get(q)), v128.load(get(p))) : v128.load(get(p))),
      set(p, i32.add(get(p), i32c(16))), set(q, i32.add(get(q), i32c(16))), set(left, i32.sub(get(left), i32c(lanes)))),
    whileLoop(i32.ltS(i32c(0), get(left)),
      S.store(get(q), add ? S.add(S.load(get(q)), S.load(get(p))) : S.load(get(p))),
      set(p, i32.add(get(p), i32c(b))), set(q, i32.add(get(q), i32c(b))), set(left, i32.sub(get(left), i32c(1)))),
  ];
  fn.body = [
    ...set(p, get(x)),
    ...pass(false).flat(),
    ...whileLoop(i32.ltS(i32c(1), get(rows)), ...pass(true), set(rows, i32.sub(get(rows), i32c(1)))),
  ];
  return fn;
}
