import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import { fold } from './api-conv.js';
import { checkWindowInput, outSize, validRange, type Window } from './window.js';
import type { OpDef } from './types.js';

/**
 * im2col: x [N, C, H, W] → columns [N, C·kh·kw, oh·ow], row (c, i, j) holding x[c, o_y·s + i·d − p,
 * o_x·s + j·d − p] for every output position (0 where the window covers padding), PyTorch's
 * F.unfold layout. It is linear, so d = its adjoint: fold (col2im), which sums overlaps back.
 */
export const unfold: OpDef<Window> = {
  dtype: 'promote',
  check: ([x], w) => { checkWindowInput('unfold', x, w); },
  forward: ([x], w, dtype) => {
    const [N, C, H, W] = x.shape, [kh, kw] = w.kernel;
    const oh = outSize(H, w, 0), ow = outSize(W, w, 1), L = oh * ow;
    const out = allocate(dtype, N * C * kh * kw * L);
    const src = x.data, [sn, sc, sy, sx] = x.stride;
    const [strideY, strideX] = w.stride;
    let row = 0;
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < C; c++) {
        const base = x.offset + n * sn + c * sc;
        for (let i = 0; i < kh; i++) {
          const [y0, y1] = validRange(H, oh, i, w, 0);
          const dy = i * w.dilation[0] - w.padding[0];
          for (let j = 0; j < kw; j++, row += L) {
            const [x0, x1] = validRange(W, ow, j, w, 1);
            const dx = j * w.dilation[1] - w.padding[1];
            for (let oy = y0; oy < y1; oy++) {
              const from = base + (oy * strideY + dy) * sy + dx * sx, to = row + oy * ow;
              if (strideX === 1 && sx === 1) {
                for (let ox = x0; ox < x1; ox++) out[to + ox] = src[from + ox];
              } else {
                const step = strideX * sx;
                for (let ox = x0, at = from + x0 * step; ox < x1; ox++, at += step) out[to + ox] = src[at];
              }
            }
          }
        }
      }
    }
    const shape = [N, C * kh * kw, L];
    return makeView(out, shape, [C * kh * kw * L, L, 1], 0);
  },
  vjp: (g, { inputs: [x], params }) => [fold(g, [x.shape[2], x.shape[3]], params)],
};
