import { makeView } from '../tensor/view.js';
import { outSize, checkWindowInput, type Window } from './window.js';
import type { OpDef } from './types.js';

/**
 * For each window of x [N, C, H, W], the flat index y·W + x of its maximum within its own H×W
 * plane, as int32 [N, C, oh·ow]: maxPool2d gathers these. Padding never wins (it acts as −∞).
 * Ties go to the first maximum in row-major window order, as in PyTorch; a NaN wins over numbers
 * (it propagates). Not differentiable: an index.
 */
export const maxPoolIndices: OpDef<Window> = {
  rule: 'maxPoolIndices: none (an index, not differentiable)',
  dtype: 'int32',
  check: ([x], w) => { checkWindowInput('maxPool2d', x, w); },
  forward: ([x], w) => {
    const [N, C, H, W] = x.shape, [kh, kw] = w.kernel;
    const oh = outSize(H, w, 0), ow = outSize(W, w, 1);
    const out = new Int32Array(N * C * oh * ow);
    const src = x.data, [sn, sc, sy, sx] = x.stride;
    if (w.padding[0] === 0 && w.padding[1] === 0 && w.dilation[0] === 1 && w.dilation[1] === 1) {
      windowMaxima(src, x.offset, [sn, sc, sy, sx], [N, C, H, W], w, oh, ow, out);
      return makeView(out, [N, C, oh * ow], [C * oh * ow, oh * ow, 1], 0);
    }
    let o = 0;
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < C; c++) {
        const base = x.offset + n * sn + c * sc;
        for (let oy = 0; oy < oh; oy++) {
          const y0 = oy * w.stride[0] - w.padding[0];
          for (let ox = 0; ox < ow; ox++, o++) {
            const x0 = ox * w.stride[1] - w.padding[1];
            let best = -Infinity, at = -1;
            for (let i = 0; i < kh; i++) {
              const y = y0 + i * w.dilation[0];
              if (y < 0 || y >= H) continue;
              for (let j = 0; j < kw; j++) {
                const xx = x0 + j * w.dilation[1];
                if (xx < 0 || xx >= W) continue;
                const v = src[base + y * sy + xx * sx];
                if (v > best || at < 0 || (v !== v && best === best)) { best = v; at = y * W + xx; }
              }
            }
            out[o] = at;
          }
        }
      }
    }
    return makeView(out, [N, C, oh * ow], [C * oh * ow, oh * ow, 1], 0);
  },
};

/**
 * The common case (no padding, no dilation): every window lies inside the plane, so the loop
 * needs no bounds checks; same tie and NaN rules as the general loop (the first element seeds
 * the maximum, a later one replaces it only when larger, or NaN over a number).
 */
function windowMaxima(src: ArrayLike<number>, offset: number, [sn, sc, sy, sx]: number[], [N, C, , W]: number[], w: Window, oh: number, ow: number, out: Int32Array): void {
  const [kh, kw] = w.kernel, [strideY, strideX] = w.stride;
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = offset + n * sn + c * sc;
      for (let oy = 0; oy < oh; oy++) {
        const y0 = oy * strideY;
        for (let ox = 0; ox < ow; ox++, o++) {
          const x0 = ox * strideX;
          let best = src[base + y0 * sy + x0 * sx], at = y0 * W + x0;
          for (let i = 0; i < kh; i++) {
            const row = base + (y0 + i) * sy;
            for (let j = i === 0 ? 1 : 0; j < kw; j++) {
              // Branch-free: on ReLU outputs the comparison is a coin toss, and a mispredicted
              // branch costs more than the arithmetic. Math.max also lets a NaN win.
              const v = src[row + (x0 + j) * sx], take = +(v > best) | (+(v !== v) & +(best === best));
              at += take * ((y0 + i) * W + x0 + j - at);
              best = Math.max(best, v);
            }
          }
          out[o] = at;
        }
      }
    }
  }
}
