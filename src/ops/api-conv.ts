/**
 * Convolution and pooling: unfold (im2col) and fold (col2im) are the primitives; conv2d, the pools
 * and their derivatives are compositions. conv2d is W·unfold(x), one batched matmul on the fast
 * kernel, so its VJP is matmul's: dW = g·colsᵀ (a correlation of the input with the gradient)
 * and dx = fold(Wᵀ·g) (a transposed convolution). Every piece is differentiable again.
 */
import { apply } from '../autograd/apply.js';
import { ones, tensorArg } from '../tensor/create.js';
import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkWindowInput, makeWindow, pairOf, type Pair, type Window } from './window.js';
import { conv2dFused } from './api-conv-fused.js';

export interface Conv2dOptions {
  stride?: Pair;
  /** Zero padding per side, or 'valid' (none) or 'same' (output size = input size; stride 1). */
  padding?: Pair | 'valid' | 'same';
  dilation?: Pair;
  groups?: number;
}
export interface WindowOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
}
export interface PoolOptions {
  /** Default: the kernel size (non-overlapping windows), as in PyTorch. */
  stride?: Pair;
  padding?: Pair;
}

/** x [N, C, H, W] → [N, C·kh·kw, oh·ow]: every window as a column (PyTorch's F.unfold). */
export function unfold(x: Tensor, kernelSize: Pair | Window, { stride = 1, padding = 0, dilation = 1 }: WindowOptions = {}): Tensor {
  const w = isWindow(kernelSize) ? kernelSize : makeWindow('unfold', kernelSize, stride, padding, dilation);
  return apply('unfold', [x], w);
}

/** Columns [N, C·kh·kw, L] summed into [N, C, H, W] (PyTorch's F.fold); unfold's adjoint. */
export function fold(cols: Tensor, outputSize: Pair, kernelSize: Pair | Window, { stride = 1, padding = 0, dilation = 1 }: WindowOptions = {}): Tensor {
  const w = isWindow(kernelSize) ? kernelSize : makeWindow('fold', kernelSize, stride, padding, dilation);
  return apply('fold', [cols], { ...w, size: pairOf('fold', 'outputSize', outputSize, 1) });
}
function isWindow(k: Pair | Window): k is Window {
  return typeof k === 'object' && !Array.isArray(k);
}

/**
 * 2-D cross-correlation, PyTorch's F.conv2d: x [N, C, H, W], weight [O, C/groups, kh, kw],
 * bias [O] → [N, O, oh, ow]. Zero padding; groups split C and O into equal blocks.
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, { stride = 1, padding = 0, dilation = 1, groups = 1 }: Conv2dOptions = {}): Tensor {
  tensorArg('conv2d', x);
  tensorArg('conv2d', weight, 'weight');
  if (weight.ndim !== 4) throw new RangeError(`conv2d: weight must be 4-D [out, in/groups, kh, kw], got shape ${shapeStr(weight.shape)}`);
  const [O, Cg, kh, kw] = weight.shape;
  if (padding === 'same' || padding === 'valid') return conv2d(...padNamed(x, [kh, kw], padding, stride, dilation), weight, bias, { stride, padding: 0, dilation, groups });
  const w = makeWindow('conv2d', [kh, kw], stride, padding, dilation);
  const [oh, ow] = checkWindowInput('conv2d', x, w);
  const [N, C] = x.shape;
  if (!Number.isInteger(groups) || groups < 1 || C % groups !== 0 || O % groups !== 0) {
    throw new RangeError(`conv2d: groups (${groups}) must be a positive integer dividing the input channels (${C}) and the output channels (${O})`);
  }
  if (Cg * groups !== C) {
    throw new RangeError(`conv2d: weight ${shapeStr(weight.shape)} expects ${Cg * groups} input channels (groups ${groups}), input ${shapeStr(x.shape)} has ${C}`);
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== O)) throw new RangeError(`conv2d: bias must have shape [${O}], got ${shapeStr(bias.shape)}`);
  if (groups === 1) return conv2dFused(x, weight, bias, w);
  // unfold's storage is one row-major [K, N·L] matrix: the whole batch is one matmul
  // W [O, K] · cols, whose [O, N·L] output is viewed as NCHW by a permute (no copy).
  const K = Cg * kh * kw, NL = N * oh * ow;
  const cols = apply('unfold', [x], w).permute(1, 0, 2);
  const out = groups === 1
    ? weight.reshape([O, K]).matmul(cols.reshape([K, NL]))
    : weight.reshape([groups, O / groups, K]).matmul(cols.reshape([groups, K, NL]));
  const y = out.reshape([O, NL]);
  return (bias ? y.add(bias.reshape([O, 1])) : y).reshape([O, N, oh, ow]).permute(1, 0, 2, 3);
}

/**
 * padding 'same' as PyTorch: d·(k − 1) zeros per axis, the odd one after (so an even kernel pads
 * more at the bottom/right), applied with pad before a padding-0 conv; 'valid' pads nothing.
 */
function padNamed(x: Tensor, kernel: [number, number], padding: 'same' | 'valid', stride: Pair, dilation: Pair): [Tensor] {
  if (padding === 'valid') return [x];
  const s = pairOf('conv2d', 'stride', stride, 1), d = pairOf('conv2d', 'dilation', dilation, 1);
  if (s[0] !== 1 || s[1] !== 1) throw new RangeError(`conv2d: padding 'same' needs stride 1, got ${JSON.stringify(stride)}`);
  if (x.ndim !== 4) throw new RangeError(`conv2d: input must be 4-D [N, C, H, W], got shape ${shapeStr(x.shape)}`);
  let y = x;
  for (const axis of [0, 1] as const) {
    const total = d[axis] * (kernel[axis] - 1), before = Math.floor(total / 2);
    if (total > 0) y = y.pad(2 + axis, before, total - before);
  }
  return [y];
}

function poolWindow(op: string, kernelSize: Pair, stride: Pair | undefined, padding: Pair, dilation: Pair): Window {
  const w = makeWindow(op, kernelSize, stride ?? kernelSize, padding, dilation);
  if (w.padding[0] * 2 > w.kernel[0] || w.padding[1] * 2 > w.kernel[1]) {
    throw new RangeError(`${op}: padding ${w.padding.join('×')} must be at most half the kernel size ${w.kernel.join('×')}`);
  }
  return w;
}

/**
 * The maximum of each window (PyTorch's F.max_pool2d, floor mode). Padding acts as −∞. The
 * gradient goes to one element per window: at a tie, the first maximum in row-major order,
 * PyTorch's convention (unlike max(), which splits ties evenly).
 */
export function maxPool2d(x: Tensor, kernelSize: Pair, { stride, padding = 0, dilation = 1 }: PoolOptions & { dilation?: Pair } = {}): Tensor {
  const w = poolWindow('maxPool2d', kernelSize, stride, padding, dilation);
  const idx = apply('maxPoolIndices', [x], w);
  const [N, C, H, W] = x.shape;
  const [oh, ow] = checkWindowInput('maxPool2d', x, w);
  return x.reshape([N, C, H * W]).gather(2, idx).reshape([N, C, oh, ow]);
}

/**
 * The mean of each window (PyTorch's F.avg_pool2d, floor mode). With countIncludePad (PyTorch's
 * default) padded zeros count in the divisor kh·kw; without, only the input pixels a window covers.
 */
export function avgPool2d(x: Tensor, kernelSize: Pair, { stride, padding = 0, countIncludePad = true }: PoolOptions & { countIncludePad?: boolean } = {}): Tensor {
  const w = poolWindow('avgPool2d', kernelSize, stride, padding, 1);
  const [oh, ow] = checkWindowInput('avgPool2d', x, w);
  const [N, C, H, W] = x.shape;
  const sums = apply('unfold', [x.reshape([N * C, 1, H, W])], w).sum(1);
  const counts = countIncludePad
    ? w.kernel[0] * w.kernel[1]
    : apply('unfold', [ones([1, 1, H, W], { dtype: x.dtype === 'float64' ? 'float64' : 'float32' })], w).sum(1);
  return sums.div(counts).reshape([N, C, oh, ow]);
}
