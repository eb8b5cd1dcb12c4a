import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import { kernel } from '../tensor/kernels/index.js';
import { conv2dFused, conv2dWeightGrad, type SizedWindow } from './conv-fused.js';
import { channelsPerPosition, imageWindows, weightRows } from './im2col.js';
import { packPanels } from '../tensor/kernels/js/matmul.js';
import type { FloatDType } from '../tensor/kernels/types.js';
import { outSize } from './window.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

/**
 * conv2d's input gradient (a transposed convolution): g [N, O, oh, ow] and weight [O, C, kh, kw]
 * → gx [N, C, H, W] = fold(Wᵀ·g). Forward: g's channels laid out per position, G [N·L, O], times
 * W [O, K] gives the gradient of every im2col row in one staged matmul; each row is then added
 * back, straight from the product's memory, onto the window it was read from (col2im, into a zero-bordered image in the same memory whose border is then dropped).
 * Bilinear: for a cotangent H [N, C, H, W], d/dg = conv2d(H, W) and d/dW = conv2dWeightGrad(H, g).
 */
export const conv2dInputGrad = defineOp('conv2dInputGrad', {
  rule: 'conv2dInputGrad: gg = conv2d(H, W), gW = conv2dWeightGrad(H, g)  (H the incoming gradient)',
  dtype: 'float',
  forward: ([g, weight], w: SizedWindow, dtype) => {
    const [N, O, oh, ow] = g.shape, [, C, kh, kw] = weight.shape, [H, W] = w.size, L = oh * ow, K = C * kh * kw;
    const [ph, pw] = w.padding;
    const Hp = H + 2 * ph, Wp = W + 2 * pw, plane = Hp * Wp;
    if (outSize(H, w, 0) !== oh || outSize(W, w, 1) !== ow) throw new RangeError('conv2dInputGrad: g does not fit the window over the image');
    // The product's rows are K rounded up to whole 4-column panels; col2im skips the padding.
    const Kp = Math.ceil(K / 4) * 4, win = imageWindows([N, C, H, W], w), out = allocate(dtype, N * C * H * W);
    // the scratch holds g as it comes while the operands are written, then the zero-bordered image
    kernel.matmulStaged(dtype as FloatDType, N * L, K, O, (mem, a, b, s) => {
      channelsPerPosition(g, mem, a, false, s);
      const wm = weightRows(weight, dtype);
      packPanels(wm.data, wm.offset, wm.rowStride, 1, O, K, mem.subarray(b));
    }, (mem, c, image) => {
      mem.fill(0, image, image + N * C * plane);
      kernel.col2imRows(mem, c, Kp, win, image);
      if (ph === 0 && pw === 0) { out.set(mem.subarray(image, image + out.length)); return; }
      for (let p = 0, to = 0; p < N * C; p++) {
        for (let y = 0; y < H; y++, to += W) {
          const from = image + (p * Hp + y + ph) * Wp + pw;
          out.set(mem.subarray(from, from + W), to);
        }
      }
    }, Math.max(N * C * plane, N * O * L));
    return makeView(out, [N, C, H, W], [C * H * W, H * W, W, 1], 0);
  },
  vjp: (h, { inputs: [g, weight], params, needs }): Grads => [
    needs[0] ? conv2dFused(h, weight, null, params) : null,
    needs[1] ? conv2dWeightGrad(h, g, params) : null,
  ],
  // fold(Wᵀ·g): MatMul of Wᵀ [C·kh·kw, O] with g [N, O, L], then col2im
  onnx: (c) => {
    const [, O, oh, ow] = c.inShapes[0], [, C, kh, kw] = c.inShapes[1];
    const wt = c.node('Transpose', [c.node('Reshape', [c.input(1, c.outDtype), c.ints([O, C * kh * kw])])], { perm: { ints: [1, 0] } });
    lower.col2im(c, c.node('MatMul', [wt, c.node('Reshape', [c.input(0, c.outDtype), c.ints([0, O, oh * ow])])]), C);
  },
});

