import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { shapeStr } from '../tensor/shape.js';
import { normalizeDim } from '../tensor/shape.js';
import { avgPool2d, avgPoolSpec, conv2d, conv2dLayerSpec, maxPool2d, maxPoolSpec, type AvgPoolOptions, type Conv2dOptions, type MaxPoolOptions } from '../ops/conv.js';
import { checkOptions } from '../tensor/options.js';
import { makeWindow, pairOf, type Pair } from '../ops/window.js';
import { Module } from './module.js';
import { kaimingUniform, uniform } from './init.js';

/**
 * 2-D convolution layer (PyTorch's nn.Conv2d): weight [out, in/groups, kh, kw], bias [out].
 * PyTorch's init: W ~ kaimingUniform(a = √5), i.e. U(−1/√fanIn, 1/√fanIn) with
 * fanIn = in/groups·kh·kw, and b ~ U(−1/√fanIn, 1/√fanIn). paddingMode fills the padding with
 * zeros (default) or the input's mirror ('reflect'), edge ('replicate') or wrap-around ('circular').
 */
export class Conv2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly options: Required<Conv2dOptions>;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: Pair,
    opts: Conv2dOptions & { bias?: boolean; dtype?: DType } = {},
  ) {
    super();
    checkOptions('Conv2d', opts, conv2dLayerSpec);
    const { stride = 1, padding = 0, dilation = 1, groups = 1, paddingMode = 'zeros', bias = true, dtype = 'float32' } = opts;
    const [kh, kw] = pairOf('Conv2d', 'kernelSize', kernelSize, 1);
    if (![inChannels, outChannels, groups].every((n) => Number.isInteger(n) && n >= 1) || inChannels % groups || outChannels % groups) {
      throw new RangeError(`Conv2d: channels (${inChannels} in, ${outChannels} out) must be positive integers divisible by groups (${groups})`);
    }
    if (padding !== 'same' && padding !== 'valid') makeWindow('Conv2d', [kh, kw], stride, padding, dilation); // bad geometry fails here, not at forward
    this.options = { stride, padding, dilation, groups, paddingMode };
    this.weight = kaimingUniform([outChannels, inChannels / groups, kh, kw], { a: Math.sqrt(5), dtype, requiresGrad: true });
    const bound = 1 / Math.sqrt((inChannels / groups) * kh * kw);
    this.bias = bias ? uniform([outChannels], -bound, bound, { dtype, requiresGrad: true }) : null;
  }

  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, this.options);
  }
}

/** nn.MaxPool2d: stride defaults to the kernel size; ties route the gradient to the first maximum. */
export class MaxPool2d extends Module {
  constructor(readonly kernelSize: Pair, readonly options: MaxPoolOptions = {}) {
    super();
    checkOptions('MaxPool2d', options, maxPoolSpec);
  }
  forward(x: Tensor): Tensor { return maxPool2d(x, this.kernelSize, this.options); }
}

/** nn.AvgPool2d: stride defaults to the kernel size; countIncludePad defaults to true, as in PyTorch. */
export class AvgPool2d extends Module {
  constructor(readonly kernelSize: Pair, readonly options: AvgPoolOptions = {}) {
    super();
    checkOptions('AvgPool2d', options, avgPoolSpec);
  }
  forward(x: Tensor): Tensor { return avgPool2d(x, this.kernelSize, this.options); }
}

/** Merges dims startDim..endDim into one (PyTorch's nn.Flatten: from dim 1, keeping the batch dim). */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) { super(); }
  forward(x: Tensor): Tensor {
    if (x.ndim === 0) return x.reshape([1]);
    const s = normalizeDim('Flatten', this.startDim, x.ndim), e = normalizeDim('Flatten', this.endDim, x.ndim);
    if (s > e) throw new RangeError(`Flatten: startDim ${this.startDim} comes after endDim ${this.endDim} for shape ${shapeStr(x.shape)}`);
    const merged = x.shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
    return x.reshape([...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
  }
}
