import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import { getBackend, kernel } from '../tensor/kernels/index.js';
import { isRowMajor } from '../tensor/shape.js';
import { conv2dInputGrad, conv2dWeightGrad } from './conv-fused.js';
import { imageWindows, weightRows, writePadded } from './im2col.js';
import { packPanels } from '../tensor/kernels/js/matmul.js';
import type { FloatDType } from '../tensor/kernels/types.js';
import { outSize, type Window } from './window.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

/**
 * conv2d (groups 1) as one primitive: x [N, C, H, W], weight [O, C, kh, kw], bias [O] →
 * y [N, O, oh, ow], row-major, so the ReLU and pooling after it read contiguous memory. Forward:
 * the rows of im2col R [N·L, K] times Wᵀ [K, O'] (O padded to a multiple of 4, whole SIMD
 * panels) in one staged matmul (R and Wᵀ written where the product reads them), then each output
 * plane gathered from its column with the bias added; or, for float32 in wasm without padding
 * and with windows stepping by one column over runs of 4 output columns (LeNet's), the same
 * product read straight from the image's windows (KernelSet.windowProduct).
 * y = W·unfold(x) + b, so dx = fold(Wᵀ·g) (conv2dInputGrad), dW = Σ g·unfold(x)ᵀ
 * (conv2dWeightGrad), db = Σ g.
 */
export const conv2d = defineOp('conv2d', {
  rule: 'conv2d: gx = fold(Wᵀ·g), gW = Σₙ g·unfold(x)ᵀ, gb = Σ g',
  dtype: 'float',
  forward: ([x, weight, bias], w: Window, dtype) => {
    const [N, , H, W] = x.shape, [O, C, kh, kw] = weight.shape;
    const oh = outSize(H, w, 0), ow = outSize(W, w, 1), L = oh * ow, K = C * kh * kw, Op = Math.ceil(O / 4) * 4;
    const out = allocate(dtype, N * O * L), win = imageWindows(x.shape, w);
    const wm = weightRows(weight, dtype);
    if (dtype === 'float32' && getBackend() === 'wasm' && w.stride[1] === 1 && ow % 4 === 0 && w.padding[0] === 0 && w.padding[1] === 0 &&
      isRowMajor(x.shape, x.stride) && wm.rowStride === K && (!bias || bias.stride[0] === 1)) {
      // y straight from the image's windows: no im2col rows written and read back, no columns turned into planes
      kernel.windowProduct(x.data, x.offset, win, wm.data, wm.offset, bias ? bias.data : null, bias ? bias.offset : 0, O, out);
      return makeView(out, [N, O, oh, ow], [O * L, L, ow, 1], 0);
    }
    kernel.matmulStaged(dtype as FloatDType, N * L, O, K, (mem, a, b, image) => {
      writePadded(x, w, mem, image);
      kernel.im2colRows(mem, image, win, a, K);
      // B = Wᵀ [K, O]: element (k, o) is W[o, k]
      packPanels(wm.data, wm.offset, 1, wm.rowStride, K, O, mem.subarray(b));
    }, (mem, c, s) => {
      // the bias (zeros for none) after the image, then y's planes after it
      const b = s + N * C * win.plane, y = b + O;
      if (bias) for (let o = 0; o < O; o++) mem[b + o] = bias.data[bias.offset + o * bias.stride[0]];
      else mem.fill(0, b, b + O);
      kernel.columnsToPlanes(mem, c, Op, N, O, L, b, y);
      out.set(mem.subarray(y, y + out.length));
    }, N * C * win.plane + O + N * O * L);
    return makeView(out, [N, O, oh, ow], [O * L, L, ow, 1], 0);
  },
  vjp: (g, { inputs: [x, weight, bias], params, needs }): Grads => {
    const [, , H, W] = x.shape;
    return [
      needs[0] ? conv2dInputGrad(g, weight, params, [H, W]) : null,
      needs[1] ? conv2dWeightGrad(x, g, params) : null,
      // Σ over each plane first (contiguous rows), then over the batch: 4x one sum over dims [0, 2, 3].
      bias && needs[2] ? g.reshape([g.shape[0], g.shape[1], -1]).sum(2).sum(0) : null,
    ];
  },
  // the fused conv2d (groups 1) is ONNX's Conv in float32; in float64 (ONNX Runtime's CPU build has
  // no float64 Conv) it is W·im2col(x) + b, as tapegrad computes it
  onnx: (c) => {
    const w = c.params, [O, C, kh, kw] = c.inShapes[1], [, , oh, ow] = c.outShape;
    if (c.outDtype === 'float64') {
      const prod = c.node('MatMul', [c.node('Reshape', [c.input(1, c.outDtype), c.ints([O, C * kh * kw])]), lower.im2col(c)]);
      const y = c.inputs.length > 2 ? c.node('Add', [prod, c.node('Reshape', [c.input(2, c.outDtype), c.ints([O, 1])])]) : prod;
      return void c.node('Reshape', [y, c.ints([0, O, oh, ow])], {}, c.out);
    }
    c.node('Conv', c.inputs.map((_, i) => c.input(i, c.outDtype)), {
      kernel_shape: { ints: w.kernel }, strides: { ints: w.stride }, dilations: { ints: w.dilation },
      pads: { ints: [w.padding[0], w.padding[1], w.padding[0], w.padding[1]] }, group: { i: 1 },
    }, c.out);
  },
});
