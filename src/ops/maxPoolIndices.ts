import { makeView } from '../tensor/view.js';
import { outSize, checkWindowInput, type Window } from './window.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';

/**
 * For each window of x [N, C, H, W], the flat index y·W + x of its maximum within its own H×W
 * plane, as int32 [N, C, oh·ow]: maxPool2d gathers these. Padding never wins (it acts as −∞).
 * Ties go to the first maximum in row-major window order, as in PyTorch; a NaN wins over numbers
 * (it propagates). Not differentiable: an index.
 */
export const maxPoolIndices = defineOp('maxPoolIndices', {
  rule: 'maxPoolIndices: none (an index, not differentiable)',
  dtype: 'int32',
  check: ([x], w: Window) => { checkWindowInput('maxPool2d', x, w); },
  forward: ([x], w: Window) => {
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
  // MaxPool's Indices count over the whole NCHW tensor: modulo H·W gives the index within the plane.
  // ONNX Runtime's MaxPool skips NaN, tapegrad's window picks its first NaN: a second MaxPool over
  // the IsNaN mask finds that NaN (the first maximum of the mask), used where the window has one.
  onnx: (c) => {
    const [, C, H, W] = c.inShapes[0], w = c.params, x = c.input(0), d = c.inDtypes[0]!;
    const attrs = {
      kernel_shape: { ints: w.kernel }, strides: { ints: w.stride }, dilations: { ints: w.dilation },
      pads: { ints: [w.padding[0], w.padding[1], w.padding[0], w.padding[1]] },
    };
    let [, idx] = c.nodes('MaxPool', [x], attrs, 2);
    if (d !== 'int32') {
      const [hasNan, nanIdx] = c.nodes('MaxPool', [c.cast(c.node('IsNaN', [x]), d)], attrs, 2);
      idx = c.node('Where', [c.cast(hasNan!, 'bool'), nanIdx!, idx!]);
    }
    const plane = c.node('Mod', [idx!, c.ints([H * W])]);
    const flat = c.node('Reshape', [plane, c.ints([0, C, -1])]);
    c.node('Cast', [flat], { to: { i: lower.toElem('int32') } }, c.out);
  },
});

type WindowMaxima = (src: ArrayLike<number>, offset: number, sn: number, sc: number, sy: number, sx: number,
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
function windowMaxima(src: ArrayLike<number>, offset: number, [sn, sc, sy, sx]: number[], [N, C, , W]: number[], w: Window, oh: number, ow: number, out: Int32Array): void {
  const [kh, kw] = w.kernel, key = `${kh},${kw}`;
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
  f(src, offset, sn, sc, sy, sx, N, C, W, w.stride[0], w.stride[1], oh, ow, out);
}
