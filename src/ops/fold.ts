import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import { shapeStr } from '../tensor/shape.js';
import { unfold } from './api-conv.js';
import { outSize, validRange, type Window } from './window.js';
import type { OpDef } from './types.js';

export type FoldParams = Window & { size: [number, number] };

/**
 * col2im: columns [N, C·kh·kw, L] summed into an image [N, C, H, W] at the positions unfold reads
 * them from (overlapping windows add up; entries that fall on padding are dropped). The adjoint of
 * unfold, so d = unfold of the gradient.
 */
export const fold: OpDef<FoldParams> = {
  dtype: 'promote',
  check: ([cols], p) => {
    const [kh, kw] = p.kernel, [H, W] = p.size;
    const oh = outSize(H, p, 0), ow = outSize(W, p, 1);
    if (cols.ndim !== 3 || cols.shape[1] % (kh * kw) !== 0 || cols.shape[2] !== oh * ow || oh < 1 || ow < 1) {
      throw new RangeError(`fold: columns of shape ${shapeStr(cols.shape)} do not fit a ${kh}×${kw} window over a ${H}×${W} image (expected [N, C·${kh * kw}, ${oh * ow}])`);
    }
  },
  forward: ([cols], p, dtype) => {
    const [kh, kw] = p.kernel, [H, W] = p.size;
    const N = cols.shape[0], C = cols.shape[1] / (kh * kw);
    const oh = outSize(H, p, 0), ow = outSize(W, p, 1);
    const out = allocate(dtype, N * C * H * W);
    const src = cols.data, [sn, sr, sl] = cols.stride;
    const [strideY, strideX] = p.stride;
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < C; c++) {
        const base = (n * C + c) * H * W;
        for (let i = 0; i < kh; i++) {
          const [y0, y1] = validRange(H, oh, i, p, 0);
          const dy = i * p.dilation[0] - p.padding[0];
          for (let j = 0; j < kw; j++) {
            const [x0, x1] = validRange(W, ow, j, p, 1);
            const dx = j * p.dilation[1] - p.padding[1];
            const row = cols.offset + n * sn + ((c * kh + i) * kw + j) * sr;
            for (let oy = y0; oy < y1; oy++) {
              const to = base + (oy * strideY + dy) * W + dx, from = row + oy * ow * sl;
              for (let ox = x0; ox < x1; ox++) out[to + ox * strideX] += src[from + ox * sl];
            }
          }
        }
      }
    }
    return makeView(out, [N, C, H, W], [C * H * W, H * W, W, 1], 0);
  },
  vjp: (g, { params }) => [unfold(g, params)],
};
