import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import { fold } from './conv.js';
import { checkWindowInput, outSize, type Window } from './window.js';
import { writeCols } from './im2col.js';
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
    const [N, C, H, W] = x.shape, K = C * w.kernel[0] * w.kernel[1], L = outSize(H, w, 0) * outSize(W, w, 1);
    // a fresh array (zeros on padding): unfold's output is a tensor, never a reused buffer
    const out = writeCols(x, w, allocate(dtype, K * N * L));
    return makeView(out, [N, K, L], [L, N * L, 1], 0);
  },
  vjp: (g, { inputs: [x], params }): Grads => [fold(g, [x.shape[2], x.shape[3]], params)],
  // im2col: zero-pad, flatten each plane, Gather the windows' positions (a constant index)
  onnx: (c) => void lower.im2col(c, c.out),
});
