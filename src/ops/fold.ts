import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import { shapeStr } from '../tensor/shape.js';
import { unfold } from './conv.js';
import { outSize, type Window } from './window.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

export type FoldParams = Window & { size: [number, number] };

/**
 * col2im: columns [N, C·kh·kw, L] summed into an image [N, C, H, W] at the positions unfold reads
 * them from (overlapping windows add up; entries that fall on padding are dropped). The adjoint of
 * unfold, so d = unfold of the gradient. Walks the columns in unfold's storage order.
 */
export const fold = defineOp('fold', {
  rule: 'fold: unfold(g)',
  dtype: 'promote',
  check: ([cols], p: FoldParams) => {
    const [kh, kw] = p.kernel, [H, W] = p.size;
    const oh = outSize(H, p, 0), ow = outSize(W, p, 1);
    if (cols.ndim !== 3 || cols.shape[1] % (kh * kw) !== 0 || cols.shape[2] !== oh * ow || oh < 1 || ow < 1) {
      throw new RangeError(`fold: columns of shape ${shapeStr(cols.shape)} do not fit a ${kh}×${kw} window over a ${H}×${W} image (expected [N, C·${kh * kw}, ${oh * ow}])`);
    }
  },
  forward: ([cols], p: FoldParams, dtype) => {
    const [kh, kw] = p.kernel, [H, W] = p.size;
    const N = cols.shape[0], C = cols.shape[1] / (kh * kw);
    const oh = outSize(H, p, 0), ow = outSize(W, p, 1);
    const out = allocate(dtype, N * C * H * W);
    const src = cols.data, [sn, sr, sl] = cols.stride;
    const [strideY, strideX] = p.stride, [dh, dw] = p.dilation, [ph, pw] = p.padding;
    for (let c = 0, r = 0; c < C; c++) {
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++, r++) {
          const shift = j * dw - pw;
          const x0 = Math.min(ow, Math.max(0, Math.ceil(-shift / strideX)));
          const x1 = Math.max(x0, Math.min(ow, Math.floor((W - 1 - shift) / strideX) + 1));
          for (let n = 0; n < N; n++) {
            const base = (n * C + c) * H * W + shift, row = cols.offset + n * sn + r * sr;
            for (let oy = 0; oy < oh; oy++) {
              const y = oy * strideY - ph + i * dh;
              if (y < 0 || y >= H) continue;
              const to = base + y * W, from = row + oy * ow * sl;
              for (let ox = x0; ox < x1; ox++) out[to + ox * strideX] += src[from + ox * sl];
            }
          }
        }
      }
    }
    return makeView(out, [N, C, H, W], [C * H * W, H * W, W, 1], 0);
  },
  vjp: (g, { params }): Grads => [unfold(g, params)],
  // col2im: scatter-add the columns to the positions unfold reads them from, then drop the padding
  onnx: (c) => lower.col2im(c, c.input(0, c.outDtype), c.inShapes[0][1] / (c.params.kernel[0] * c.params.kernel[1])),
});
