import type { TypedArray } from '../../dtype.js';

type WindowMaxima = (src: TypedArray, offset: number, sn: number, sc: number, sy: number, sx: number,
  N: number, C: number, W: number, strideY: number, strideX: number, oh: number, ow: number, out: Int32Array) => void;
const compiled = new Map<string, WindowMaxima>();

/**
 * The common case (no padding, no dilation): every window lies inside the plane, so the loop
 * needs no bounds checks, and it is compiled per window size with the kh·kw comparisons written
 * out. Same tie and NaN rules as the general loop: the first element seeds the maximum, a later
 * one replaces it only when larger, or when it is NaN and the maximum is not. Branch-free: on
 * ReLU outputs each comparison is a coin toss, and a mispredicted branch costs more than the
 * arithmetic (Math.max lets a NaN win as well).
 */
export function windowArgmax(src: TypedArray, offset: number, sn: number, sc: number, sy: number, sx: number, N: number, C: number, W: number,
  kh: number, kw: number, strideY: number, strideX: number, oh: number, ow: number, out: Int32Array): void {
  const key = `${kh},${kw}`;
  let f = compiled.get(key);
  if (!f) {
    const steps: string[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        if (i === 0 && j === 0) continue;
        // all-int32 select: pos ^= −take & (pos ^ candidate), take ∈ {0, 1}
        steps.push(`v = src[at + ${i} * sy + ${j} * sx]; take = (v > best) | ((v !== v) & (best === best));
          pos ^= -take & (pos ^ (corner + ${i} * W + ${j})); best = Math.max(best, v);`);
      }
    }
    f = new Function('src', 'offset', 'sn', 'sc', 'sy', 'sx', 'N', 'C', 'W', 'strideY', 'strideX', 'oh', 'ow', 'out', `
      let o = 0, v = 0, take = 0;
      for (let n = 0; n < N; n++) {
        for (let c = 0; c < C; c++) {
          const base = offset + n * sn + c * sc;
          for (let oy = 0; oy < oh; oy++) {
            const y0 = oy * strideY;
            for (let ox = 0; ox < ow; ox++, o++) {
              const x0 = ox * strideX, at = base + y0 * sy + x0 * sx, corner = y0 * W + x0;
              let best = src[at], pos = corner;
              ${steps.join(' ')}
              out[o] = pos;
            }
          }
        }
      }`) as WindowMaxima;
    compiled.set(key, f);
  }
  f(src, offset, sn, sc, sy, sx, N, C, W, strideY, strideX, oh, ow, out);
}
