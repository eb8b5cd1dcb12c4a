import { makeView } from '../tensor/view.js';
import { kernel } from '../tensor/kernels/index.js';
import { outSize, checkWindowInput, type Window } from './window.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import { trustIndices } from './indexing.js';

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
      kernel.windowArgmax(src, x.offset, sn, sc, sy, sx, N, C, W, kh, kw, w.stride[0], w.stride[1], oh, ow, out);
      trustIndices(out, H * W); // unpadded windows lie inside the plane: each index is some y·W + x there
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
