import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import { fold } from './conv.js';
import { checkWindowInput, outSize, type Window } from './window.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

/**
 * im2col: x [N, C, H, W] → columns [N, C·kh·kw, oh·ow], column l holding the window of output
 * position l, entry (c, i, j) = x[c, o_y·s + i·d − p, o_x·s + j·d − p] (0 on padding): PyTorch's
 * F.unfold shape. The storage is one [C·kh·kw, N·L] matrix (the result a permuted view of it), so conv2d
 * multiplies it by W [O, C·kh·kw] in one matmul for the whole batch, with no copy.
 * Linear, so d = its adjoint: fold (col2im), which sums overlapping windows back.
 */
export const unfold = defineOp('unfold', {
  rule: 'unfold: fold(g)',
  dtype: 'promote',
  check: ([x], w: Window) => { checkWindowInput('unfold', x, w); },
  forward: ([x], w: Window, dtype) => {
    const [N, C, H, W] = x.shape, [kh, kw] = w.kernel;
    const oh = outSize(H, w, 0), ow = outSize(W, w, 1), L = oh * ow, K = C * kh * kw;
    const out = allocate(dtype, K * N * L);
    const src = x.data, [sn, sc, sy, sx] = x.stride;
    const [strideY, strideX] = w.stride, [dh, dw] = w.dilation, [ph, pw] = w.padding;
    let o = 0;
    for (let c = 0; c < C; c++) {
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          // Output columns whose input x = ox·s + j·d − p lies inside [0, W): [x0, x1).
          const shift = j * dw - pw;
          const x0 = Math.min(ow, Math.max(0, Math.ceil(-shift / strideX)));
          const x1 = Math.max(x0, Math.min(ow, Math.floor((W - 1 - shift) / strideX) + 1));
          const step = strideX * sx;
          for (let n = 0; n < N; n++) {
            const base = x.offset + n * sn + c * sc + shift * sx;
            for (let oy = 0; oy < oh; oy++, o += ow) {
              const y = oy * strideY - ph + i * dh;
              if (y < 0 || y >= H) continue;
              for (let ox = x0, at = base + y * sy + x0 * step; ox < x1; ox++, at += step) out[o + ox] = src[at];
            }
          }
        }
      }
    }
    return makeView(out, [N, K, L], [L, N * L, 1], 0);
  },
  vjp: (g, { inputs: [x], params }): Grads => [fold(g, [x.shape[2], x.shape[3]], params)],
  // im2col: zero-pad, flatten each plane, Gather the windows' positions (a constant index)
  onnx: (c) => void lower.im2col(c, c.out),
});
