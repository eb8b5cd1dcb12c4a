import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import { kernel } from '../tensor/kernels/index.js';
import { conv2dFused, conv2dInputGrad } from './conv-fused.js';
import { channelPanels, channelsPerPosition, imageWindows, writePadded } from './im2col.js';
import type { FloatDType } from '../tensor/kernels/types.js';
import type { Window } from './window.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

/**
 * conv2d's weight gradient: x [N, C, H, W] and g [N, O, oh, ow] → gW [O, C, kh, kw] with
 * gW[o, k] = Σₙ Σₗ g[n, o, l]·unfold(x)[n, k, l]: one staged matmul, gWᵀ = Rᵀ [K, N·L] · G [N·L, O]
 * when the windows step by one column (unfold's rows, then g's channels in panels), else
 * gW = Gᵀ [O, N·L] · R [N·L, K] (g's planes side by side, im2col written into the product's
 * panels). Bilinear: for a cotangent H, d/dx = fold(Hᵀ·g) (conv2dInputGrad of g with weight H)
 * and d/dg = conv2d(x, H).
 */
export const conv2dWeightGrad = defineOp('conv2dWeightGrad', {
  rule: 'conv2dWeightGrad: gx = fold(Hᵀ·g), gg = conv2d(x, H)  (H the incoming gradient)',
  dtype: 'float',
  forward: ([x, g], w: Window, dtype) => {
    const [N, C] = x.shape, [, O, oh, ow] = g.shape, [kh, kw] = w.kernel, L = oh * ow, K = C * kh * kw, Kp = Math.ceil(K / 4) * 4;
    const out = allocate(dtype, O * K), win = imageWindows(x.shape, w), image = N * C * win.plane;
    if (w.stride[1] === 1) {
      // gWᵀ [K, O] = Rᵀ [K, N·L] · G [N·L, O]: Rᵀ is unfold's runs of ow adjacent values and G's
      // panels come from g's planes, where R's panels would be written in runs of kw values
      const Op = Math.ceil(O / 4) * 4, G = N * O * L;
      kernel.matmulStaged(dtype as FloatDType, K, O, N * L, (mem, a, b, s) => {
        channelPanels(g, mem, b, s);
        writePadded(x, w, mem, s + G);
        kernel.unfoldRows(mem, s + G, win, a);
      }, (mem, c) => {
        for (let o = 0; o < O; o++) for (let k = 0; k < K; k++) out[o * K + k] = mem[c + k * Op + o];
      }, G + image);
      return makeView(out, [O, C, kh, kw], [K, kh * kw, kw, 1], 0);
    }
    // the scratch holds g as it comes until Gᵀ is written, then the image and the panels' temp rows
    kernel.matmulStaged(dtype as FloatDType, O, K, N * L, (mem, a, b, s) => {
      channelsPerPosition(g, mem, a, true, s);
      writePadded(x, w, mem, s);
      kernel.im2colPanels(mem, s, win, b, s + image);
    }, (mem, c) => {
      for (let o = 0; o < O; o++) out.set(mem.subarray(c + o * Kp, c + o * Kp + K), o * K);
    }, Math.max(image + N * L * Kp, N * O * L));
    return makeView(out, [O, C, kh, kw], [K, kh * kw, kw, 1], 0);
  },
  vjp: (h, { inputs: [x, g], params, needs }): Grads => [
    needs[0] ? conv2dInputGrad(g, h, params, [x.shape[2], x.shape[3]]) : null,
    needs[1] ? conv2dFused(x, h, null, params) : null,
  ],
  // gW = Σₙ g·unfold(x)ᵀ: MatMul of [N, O, L] with [N, L, C·kh·kw], ReduceSum over N
  onnx: (c) => {
    const [, C] = c.inShapes[0], [, O, oh, ow] = c.inShapes[1], [kh, kw] = c.params.kernel;
    const cols = c.node('Transpose', [lower.im2col(c)], { perm: { ints: [0, 2, 1] } });
    const g = c.node('Reshape', [c.input(1, c.outDtype), c.ints([0, O, oh * ow])]);
    const sum = c.node('ReduceSum', [c.node('MatMul', [g, cols]), c.ints([0])], { keepdims: { i: 0 } });
    c.node('Reshape', [sum, c.ints([O, C, kh, kw])], {}, c.out);
  },
});
