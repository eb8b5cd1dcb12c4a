import { block, brIf, select, f32, f32c, f64, f64c, f32x4, f64x2, Fn, get, i32, i32c, set, v128, whileLoop, type Code, type Local } from './emit.js';
import type { FloatType } from './exp.js';

const BYTES = { float32: 4, float64: 8 } as const;

/** for (let n = count; n > 0; n--) body */
const repeat = (fn: Fn, count: Code, ...body: Code[]): Code => {
  const n = fn.local('i32');
  return [...set(n, count), ...whileLoop(i32.ltS(i32c(0), get(n)), ...body, set(n, i32.sub(get(n), i32c(1))))];
};
const bump = (p: Local, by: Code): Code => set(p, i32.add(get(p), by));

/**
 * `step(e)` for e = 0 … unrolled − 1 while e < count, then `rest` when count > unrolled: a window
 * row is a few values, and a loop around each one costs more than the copy.
 */
const upTo = (count: Local, unrolled: number, step: (e: number) => Code, rest: Code): Code =>
  block(...Array.from({ length: unrolled }, (_, e) => [...brIf(0, i32.leS(get(count), i32c(e))), ...step(e)]),
    brIf(0, i32.leS(get(count), i32c(unrolled))), rest);

/**
 * im2col by rows (`gather`) or col2im, its adjoint, as KernelSet.im2colRows / col2imRows:
 * (image, rows, N, imageBytes, C, planeBytes, oh, ow, stepY, stepX, kh, rowStepBytes, vectors,
 * tail, tailStep, pad). Per window row (c, i), `vectors` 16-byte runs (contiguous windows: dw = 1)
 * and then `tail` values tailStep bytes apart are copied to (or added from) the rows, which are
 * written in order, `pad` zeros after each window's K values (skipped by col2im). Every address
 * is a byte address; nothing is read or written outside the image and the rows.
 */
export function windowRows(t: FloatType, gather: boolean): Fn {
  const fn = new Fn(`${gather ? 'im2colRows' : 'col2imRows'}_${t}`, Array<'i32'>(16).fill('i32'));
  const [image, rows, N, imageBytes, C, planeBytes, oh, ow, stepY, stepX, kh, rowStep, vectors, tail, tailStep, pad] = fn.params;
  const S = t === 'float32' ? f32 : f64, F = t === 'float32' ? f32x4 : f64x2, b = BYTES[t];
  const rowBase = fn.local('i32'), corner = fn.local('i32'), plane = fn.local('i32'), p = fn.local('i32'), q = fn.local('i32');
  const vectorBytes = fn.local('i32');
  const zero = t === 'float32' ? f32c(0) : f64c(0);
  // vector e of a window row is 16·e bytes into it (on both sides); the tail steps its pointers
  const vector = (e: number): Code => (gather
    ? v128.store(get(rows), v128.load(get(q), 16 * e), 16 * e)
    : v128.store(get(q), F.add(v128.load(get(q), 16 * e), v128.load(get(rows), 16 * e)), 16 * e));
  const scalar = (): Code => [
    ...(gather ? S.store(get(rows), S.load(get(q))) : S.store(get(q), S.add(S.load(get(q)), S.load(get(rows))))),
    ...bump(q, get(tailStep)), ...bump(rows, i32c(b)),
  ];
  fn.body = [
    ...set(vectorBytes, i32.shl(get(vectors), i32c(4))),
    ...set(rowBase, get(image)),
    ...repeat(fn, get(N),
      repeat(fn, get(oh),
        set(corner, get(rowBase)),
        repeat(fn, get(ow),
          set(plane, get(corner)),
          repeat(fn, get(C),
            set(p, get(plane)),
            repeat(fn, get(kh),
              set(q, get(p)),
              upTo(vectors, 2, vector, vectorLoop(fn, vectors, q, rows, gather, F)),
              bump(q, get(vectorBytes)), bump(rows, get(vectorBytes)),
              upTo(tail, 3, scalar, repeat(fn, i32.sub(get(tail), i32c(3)), scalar())),
              bump(p, get(rowStep))),
            bump(plane, get(planeBytes))),
          gather ? repeat(fn, get(pad), S.store(get(rows), zero), bump(rows, i32c(b))) : bump(rows, i32.mul(get(pad), i32c(b))),
          bump(corner, get(stepX))),
        bump(rowBase, get(stepY))),
      set(image, i32.add(get(image), get(imageBytes))),
      set(rowBase, get(image))),
  ];
  return fn;
}

/** Vectors 2, 3, … of a window row (the first two are written out by the caller), from q to rows. */
function vectorLoop(fn: Fn, vectors: Local, q: Local, rows: Local, gather: boolean, F: typeof f32x4 | typeof f64x2): Code {
  const e = fn.local('i32'), at = fn.local('i32');
  return [
    ...set(e, i32c(2)),
    ...whileLoop(i32.ltS(get(e), get(vectors)),
      set(at, i32.shl(get(e), i32c(4))),
      gather
        ? v128.store(i32.add(get(rows), get(at)), v128.load(i32.add(get(q), get(at))))
        : v128.store(i32.add(get(q), get(at)), F.add(v128.load(i32.add(get(q), get(at))), v128.load(i32.add(get(rows), get(at))))),
      set(e, i32.add(get(e), i32c(1)))),
  ];
}

/**
 * (src, rows, rowBytes, panels, dst): rows of 4·panels values (rowBytes apart) laid out as B's
 * panels, panel q holding values 4q..4q+3 of every row in turn: a transposition of 4-value
 * blocks, by blocks of BLOCK rows (each block's rows stay in the L1 cache while every panel takes
 * its part: ~1.4x on conv1's 36864 rows of 7 panels) written in order within each panel.
 */
const BLOCK = 64;
export function rowsToPanels(t: FloatType): Fn {
  const fn = new Fn(`rowsToPanels_${t}`, ['i32', 'i32', 'i32', 'i32', 'i32']);
  const [src, rows, rowBytes, panels, dst] = fn.params;
  const block = 4 * BYTES[t];
  const r0 = fn.local('i32'), n = fn.local('i32'), q = fn.local('i32'), p = fn.local('i32'), to = fn.local('i32'), from = fn.local('i32');
  fn.body = [
    ...set(r0, i32c(0)),
    ...whileLoop(i32.ltS(get(r0), get(rows)),
      // n = min(BLOCK, rows − r0)
      set(n, i32.sub(get(rows), get(r0))),
      set(n, select(i32c(BLOCK), get(n), i32.ltS(i32c(BLOCK), get(n)))),
      set(from, i32.add(get(src), i32.mul(get(r0), get(rowBytes)))),
      set(q, i32c(0)),
      whileLoop(i32.ltS(get(q), get(panels)),
        set(p, i32.add(get(from), i32.mul(get(q), i32c(block)))),
        // panel q, row r0: dst + (q·rows + r0)·block
        set(to, i32.add(get(dst), i32.mul(i32.add(i32.mul(get(q), get(rows)), get(r0)), i32c(block)))),
        repeat(fn, get(n),
          v128.store(get(to), v128.load(get(p))),
          block === 32 ? v128.store(get(to), v128.load(get(p), 16), 16) : [],
          bump(p, get(rowBytes)), bump(to, i32c(block))),
        bump(q, i32c(1))),
      bump(r0, i32c(BLOCK))),
  ];
  return fn;
}

/**
 * (src, rowBytes, N, O, L, bias, dst): KernelSet.columnsToPlanes, bias a vector of O values (zeros
 * for none); plane (n, o) read down column o of image n's rows, written in order.
 */
export function columnsToPlanes(t: FloatType): Fn {
  const fn = new Fn(`columnsToPlanes_${t}`, Array<'i32'>(7).fill('i32'));
  const [src, rowBytes, N, O, L, bias, dst] = fn.params;
  const S = t === 'float32' ? f32 : f64, b = BYTES[t];
  const image = fn.local('i32'), p = fn.local('i32'), o = fn.local('i32'), shift = fn.local(t === 'float32' ? 'f32' : 'f64');
  fn.body = [
    ...set(image, get(src)),
    ...repeat(fn, get(N),
      set(o, i32c(0)),
      repeat(fn, get(O),
        set(shift, S.load(i32.add(get(bias), i32.mul(get(o), i32c(b))))),
        set(p, i32.add(get(image), i32.mul(get(o), i32c(b)))),
        repeat(fn, get(L), S.store(get(dst), S.add(S.load(get(p)), get(shift))), bump(p, get(rowBytes)), bump(dst, i32c(b))),
        bump(o, i32c(1))),
      bump(image, i32.mul(get(L), get(rowBytes)))),
  ];
  return fn;
}

/**
 * (image, dst, N, imageBytes, C, planeBytes, kh, kw, oh, rowStep, dhBytes, dwBytes, sxBytes,
 * vectors, tail): KernelSet.unfoldRows with steps in bytes; each run (k, n, oy) is `vectors`
 * 16-byte copies (adjacent values: sx = 1) and then `tail` values sxBytes apart, written in order.
 */
export function unfoldRows(t: FloatType): Fn {
  const fn = new Fn(`unfoldRows_${t}`, Array<'i32'>(15).fill('i32'));
  const [image, dst, N, imageBytes, C, planeBytes, kh, kw, oh, rowStep, dhBytes, dwBytes, sxBytes, vectors, tail] = fn.params;
  const S = t === 'float32' ? f32 : f64, b = BYTES[t];
  const plane = fn.local('i32'), rowI = fn.local('i32'), colJ = fn.local('i32'), img = fn.local('i32'), row = fn.local('i32'), q = fn.local('i32');
  fn.body = [
    ...set(plane, get(image)),
    ...repeat(fn, get(C),
      set(rowI, get(plane)),
      repeat(fn, get(kh),
        set(colJ, get(rowI)),
        repeat(fn, get(kw),
          set(img, get(colJ)),
          repeat(fn, get(N),
            set(row, get(img)),
            repeat(fn, get(oh),
              set(q, get(row)),
              repeat(fn, get(vectors), v128.store(get(dst), v128.load(get(q))), bump(q, i32c(16)), bump(dst, i32c(16))),
              repeat(fn, get(tail), S.store(get(dst), S.load(get(q))), bump(q, get(sxBytes)), bump(dst, i32c(b))),
              bump(row, get(rowStep))),
            bump(img, get(imageBytes))),
          bump(colJ, get(dwBytes))),
        bump(rowI, get(dhBytes))),
      bump(plane, get(planeBytes))),
  ];
  return fn;
}

/**
 * (src, N, O, L, dst, sN, sO, sL): KernelSet.permutePlanes with steps in bytes; planes read in
 * order, written by 16-byte vectors when a plane's values stay adjacent (sL one value), else one by one.
 */
export function permutePlanes(t: FloatType): Fn {
  const fn = new Fn(`permutePlanes_${t}`, Array<'i32'>(8).fill('i32'));
  const [src, N, O, L, dst, sN, sO, sL] = fn.params;
  const S = t === 'float32' ? f32 : f64, b = BYTES[t], lanes = 16 / b;
  const image = fn.local('i32'), to = fn.local('i32'), left = fn.local('i32');
  fn.body = [
    ...set(image, get(dst)),
    ...repeat(fn, get(N),
      set(to, get(image)),
      repeat(fn, get(O),
        set(left, get(L)),
        block(
          brIf(0, i32.ne(get(sL), i32c(b))),
          whileLoop(i32.leS(i32c(lanes), get(left)), v128.store(get(to), v128.load(get(src))), bump(src, i32c(16)), bump(to, i32c(16)),
            set(left, i32.sub(get(left), i32c(lanes))))),
        // the rest of the plane (all of it when its values are not adjacent), one value at a time
        whileLoop(i32.ltS(i32c(0), get(left)), S.store(get(to), S.load(get(src))), bump(src, i32c(b)), bump(to, get(sL)),
          set(left, i32.sub(get(left), i32c(1)))),
        // back to value 0 of this plane, then on to the next plane
        set(to, i32.add(i32.sub(get(to), i32.mul(get(L), get(sL))), get(sO)))),
      bump(image, get(sN))),
  ];
  return fn;
}

/**
 * (x, rowBytes, rows, index, len, out) for gather (KernelSet.gatherRows) or (src, rows, len,
 * index, rowBytes, out) for its adjoint scatter-add: one int32 index per value, scaled to bytes.
 */
export function gatherRows(t: FloatType, scatter: boolean): Fn {
  const fn = new Fn(`${scatter ? 'scatterAddRows' : 'gatherRows'}_${t}`, Array<'i32'>(6).fill('i32'));
  const S = t === 'float32' ? f32 : f64, shift = t === 'float32' ? 2 : 3, b = BYTES[t];
  const [p0, p1, p2, index, p4, out] = fn.params;
  const [values, rowBytes, rows, len] = scatter ? [p0, p4, p1, p2] : [p0, p1, p2, p4];
  const base = fn.local('i32'), at = fn.local('i32');
  const element = (): Code => [...set(at, i32.add(get(base), i32.shl(i32.load(get(index)), i32c(shift))))];
  fn.body = [
    ...set(base, scatter ? get(out) : get(values)),
    ...repeat(fn, get(rows),
      repeat(fn, get(len),
        element(),
        scatter
          ? S.store(get(at), S.add(S.load(get(at)), S.load(get(values))))
          : S.store(get(out), S.load(get(at))),
        bump(index, i32c(4)), bump(scatter ? values : out, i32c(b))),
      bump(base, get(rowBytes))),
  ];
  return fn;
}
