import { brIf, f32x4, Fn, get, i32, i32c, loop, set, v128, whileLoop, type Code } from './emit.js';

/**
 * (x, N, imageBytes, oh, rowStep, groups, offsets, K, w, O, bias, y, planeBytes): KernelSet.windowProduct
 * in float32 for windows that step by one column (sx = 1) over `groups` runs of 4 output columns
 * (ow = 4·groups): the product of im2col with Wᵀ without writing im2col. A tile of R channels by
 * Q runs keeps R·Q accumulators, started at the bias; per window value k it loads the Q runs of 4
 * adjacent image values the window's offset k away (offsets: K byte offsets, c·plane + i·dh·Wp +
 * j·dw) and one weight per channel, and at the end stores the runs straight into y's planes.
 */
export function windowProduct(): Fn {
  const fn = new Fn('windowProduct_float32', Array<'i32'>(13).fill('i32'));
  const [x, N, imageBytes, oh, rowStep, groups, offsets, K, w, O, bias, y, planeBytes] = fn.params;
  const img = fn.local('i32'), rowBase = fn.local('i32'), yImage = fn.local('i32'), yRow = fn.local('i32');
  const g = fn.local('i32'), o = fn.local('i32'), k = fn.local('i32'), off = fn.local('i32'), at = fn.local('i32');
  const n = fn.local('i32'), r0 = fn.local('i32');
  const wPtr = [0, 1, 2, 3].map(() => fn.local('i32'));
  const acc = Array.from({ length: 8 }, () => fn.local('v128'));
  const s = fn.local('v128'), run = [fn.local('v128'), fn.local('v128')];

  /** Channels o … o + R − 1 by runs g … g + Q − 1 of the current output row. */
  const tile = (R: number, Q: number): Code => {
    const accOf = (r: number, q: number) => acc[r * Q + q]!;
    const step: Code[] = [
      set(off, i32.load(get(at))),
      ...Array.from({ length: Q }, (_, q) => set(run[q]!, v128.load(i32.add(get(rowBase), i32.add(get(off), i32.mul(get(g), i32c(16)))), 16 * q))),
    ];
    for (let r = 0; r < R; r++) {
      step.push(set(s, v128.load32Splat(get(wPtr[r]!))));
      for (let q = 0; q < Q; q++) step.push(set(accOf(r, q), f32x4.add(get(accOf(r, q)), f32x4.mul(get(s), get(run[q]!)))));
    }
    return [
      ...Array.from({ length: R }, (_, r) => Array.from({ length: Q }, (_, q) => set(accOf(r, q), v128.load32Splat(i32.add(get(bias), i32.mul(i32.add(get(o), i32c(r)), i32c(4))))))).flat(2),
      ...Array.from({ length: R }, (_, r) => set(wPtr[r]!, i32.add(get(w), i32.mul(i32.add(get(o), i32c(r)), i32.mul(get(K), i32c(4)))))).flat(),
      ...set(at, get(offsets)),
      ...set(k, get(K)),
      ...loop(
        ...step,
        ...Array.from({ length: R }, (_, r) => set(wPtr[r]!, i32.add(get(wPtr[r]!), i32c(4)))),
        set(at, i32.add(get(at), i32c(4))),
        set(k, i32.sub(get(k), i32c(1))),
        brIf(0, get(k)),
      ),
      // channel o + r, runs g … : yRow + (o + r)·plane + 16·(g + q)
      ...Array.from({ length: R }, (_, r) => Array.from({ length: Q }, (_, q) => v128.store(
        i32.add(i32.add(get(yRow), i32.mul(i32.add(get(o), i32c(r)), get(planeBytes))), i32.mul(get(g), i32c(16))), get(accOf(r, q)), 16 * q))).flat(2),
    ];
  };
  /** Every channel for runs g … g + Q − 1: tiles of 4 channels, then 2, then 1. */
  const channels = (Q: number): Code => [
    ...set(o, i32c(0)),
    ...[4, 2, 1].flatMap((R) => whileLoop(i32.leS(i32.add(get(o), i32c(R)), get(O)), tile(R, Q), set(o, i32.add(get(o), i32c(R))))),
  ];
  // K ≥ 1 (a window has a value), so the k loop runs at least once
  fn.body = [
    ...set(img, get(x)), ...set(yImage, get(y)), ...set(n, get(N)),
    ...whileLoop(i32.ltS(i32c(0), get(n)),
      set(rowBase, get(img)), set(yRow, get(yImage)), set(r0, get(oh)),
      whileLoop(i32.ltS(i32c(0), get(r0)),
        set(g, i32c(0)),
        whileLoop(i32.leS(i32.add(get(g), i32c(2)), get(groups)), channels(2), set(g, i32.add(get(g), i32c(2)))),
        whileLoop(i32.ltS(get(g), get(groups)), channels(1), set(g, i32.add(get(g), i32c(1)))),
        set(rowBase, i32.add(get(rowBase), get(rowStep))),
        // the next output row: 16·groups bytes on within each plane
        set(yRow, i32.add(get(yRow), i32.mul(get(groups), i32c(16)))),
        set(r0, i32.sub(get(r0), i32c(1)))),
      set(img, i32.add(get(img), get(imageBytes))),
      set(yImage, i32.add(get(yImage), i32.mul(get(O), get(planeBytes)))),
      set(n, i32.sub(get(n), i32c(1)))),
  ];
  return fn;
}
