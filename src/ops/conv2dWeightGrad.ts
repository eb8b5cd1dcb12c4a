import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import { kernel } from '../tensor/kernels/index.js';
import { conv2dFused, conv2dInputGrad } from './conv-fused.js';
import { im2colCols, scratch } from './im2col.js';
import type { Window } from './window.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

/**
 * conv2d's weight gradient: x [N, C, H, W] and g [N, O, oh, ow] → gW [O, C, kh, kw] with
 * gW[o, k] = Σₙ Σₗ g[n, o, l]·unfold(x)[n, k, l]: one matmul gWᵀ = U [K, N·L] · G [N·L, O], U
 * im2col in unfold's order and G g's channels per position (both scratch buffers). Bilinear: for a cotangent H,
 * d/dx = fold(Hᵀ·g) (conv2dInputGrad of g with weight H) and d/dg = conv2d(x, H).
 */
export const conv2dWeightGrad = defineOp('conv2dWeightGrad', {
  rule: 'conv2dWeightGrad: gx = fold(Hᵀ·g), gg = conv2d(x, H)  (H the incoming gradient)',
  dtype: 'float',
  forward: ([x, g], w: Window, dtype) => {
    const [N, C] = x.shape, [, O, oh, ow] = g.shape, [kh, kw] = w.kernel, L = oh * ow, K = C * kh * kw;
    const cols = im2colCols(x, w, dtype, 0);
    // g's rows G [N·L, O] (position-major), so that gWᵀ = U·G is one matmul with a long
    // contraction (N·L), a copied A and a narrow B to pack.
    const gRows = scratch(dtype, 1, N * L * O), src = g.data, [sn, so, sy, sx] = g.stride;
    for (let n = 0; n < N; n++) {
      for (let o = 0; o < O; o++) {
        for (let y = 0, r = n * L * O + o; y < oh; y++) {
          for (let x0 = 0, p = g.offset + n * sn + o * so + y * sy; x0 < ow; x0++, p += sx, r += O) gRows[r] = src[p];
        }
      }
    }
    const prod = scratch(dtype, 2, K * O);
    kernel.matmul(K, O, N * L, { data: cols, offset: 0, rowStride: N * L, colStride: 1 }, { data: gRows, offset: 0, rowStride: O, colStride: 1 }, prod, 0);
    const out = allocate(dtype, O * K);
    for (let o = 0; o < O; o++) for (let k = 0; k < K; k++) out[o * K + k] = prod[k * O + o];
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
