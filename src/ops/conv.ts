/**
 * Convolution and pooling: unfold (im2col) and fold (col2im) are the primitives; conv2d, the pools
 * and their derivatives are compositions. conv2d is W·unfold(x), one batched matmul on the fast
 * kernel, so its VJP is matmul's: dW = g·colsᵀ (a correlation of the input with the gradient)
 * and dx = fold(Wᵀ·g) (a transposed convolution). Every piece is differentiable again.
 */
import { applyOp as apply } from './define.js';
import { full, ones, tensorArg } from '../tensor/create.js';
import { fromStorage, type Tensor } from '../tensor/tensor.js';
import { shapeStr } from '../tensor/shape.js';
import { checkOptions, type Domain, type OptionSpec } from '../tensor/options.js';
import { concat } from './concat.js';
import { checkWindowInput, makeWindow, outSize, pairOf, type Pair, type Window } from './window.js';
import { conv2dFused } from './conv-fused.js';

/** How conv2d fills the border it pads (PyTorch's padding_mode). */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

export interface Conv2dOptions {
  stride?: Pair;
  /** Zero padding per side, or 'valid' (none) or 'same' (output size = input size; stride 1). */
  padding?: Pair | 'valid' | 'same';
  dilation?: Pair;
  groups?: number;
  /**
   * What the padding holds (PyTorch's padding_mode): 'zeros' (default), 'reflect' (mirrored
   * without repeating the edge: needs padding < size), 'replicate' (the edge repeated) or
   * 'circular' (wrapped around: needs padding ≤ size).
   */
  paddingMode?: PaddingMode;
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
  /**
   * Round the output size up instead of down (PyTorch's ceil_mode): a last, partial window is
   * kept when it starts inside the input or its left padding, never when it would start in the
   * right padding only.
   */
  ceilMode?: boolean;
}
/** maxPool2d's options. */
export interface MaxPoolOptions extends PoolOptions {
  dilation?: Pair;
}
/** avgPool2d's options. */
export interface AvgPoolOptions extends PoolOptions {
  /** Padded zeros count in the divisor (default true, as PyTorch). */
  countIncludePad?: boolean;
  /** Divide every window's sum by this instead of its size (PyTorch's divisor_override). */
  divisorOverride?: number;
}

const pairDomain = (min: number): Domain => ({
  want: `an integer ≥ ${min} or a pair of them`,
  ok: (v) => (typeof v === 'number' ? [v] : Array.isArray(v) && v.length === 2 ? v : [NaN]).every((n) => Number.isInteger(n) && n >= min),
});
// Literal domains (not oneOf): this module loads while Tensor is still initializing.
const literals = (...values: string[]): Domain => ({ want: `one of ${values.map((v) => `'${v}'`).join(', ')}`, ok: (v) => values.includes(v as string) });
const paddingModes = literals('zeros', 'reflect', 'replicate', 'circular');
/** unfold's and fold's options (the window geometry). */
const windowOptions: OptionSpec = { stride: pairDomain(1), padding: pairDomain(0), dilation: pairDomain(1) };
const convSpec: OptionSpec = {
  stride: pairDomain(1),
  padding: { want: "an integer ≥ 0, a pair of them, 'valid' or 'same'", ok: (v) => v === 'valid' || v === 'same' || pairDomain(0).ok(v) },
  dilation: pairDomain(1), groups: 'positiveInt', paddingMode: paddingModes,
};
/** The options of nn.Conv2d: conv2d's plus bias and dtype. */
export const conv2dLayerSpec: OptionSpec = { ...convSpec, bias: 'bool', dtype: 'floatDType' };
/** maxPool2d's and nn.MaxPool2d's options. */
export const maxPoolSpec: OptionSpec = { stride: pairDomain(1), padding: pairDomain(0), dilation: pairDomain(1), ceilMode: 'bool' };
/** avgPool2d's and nn.AvgPool2d's options. */
export const avgPoolSpec: OptionSpec = { stride: pairDomain(1), padding: pairDomain(0), ceilMode: 'bool', countIncludePad: 'bool', divisorOverride: 'positiveInt' };

/** x [N, C, H, W] → [N, C·kh·kw, oh·ow]: every window as a column (PyTorch's F.unfold). */
export function unfold(x: Tensor, kernelSize: Pair | Window, opts: WindowOptions = {}): Tensor {
  checkOptions('unfold', opts, windowOptions);
  const { stride = 1, padding = 0, dilation = 1 } = opts;
  const w = isWindow(kernelSize) ? kernelSize : makeWindow('unfold', kernelSize, stride, padding, dilation);
  return apply('unfold', [x], w);
}

/** Columns [N, C·kh·kw, L] summed into [N, C, H, W] (PyTorch's F.fold); unfold's adjoint. */
export function fold(cols: Tensor, outputSize: Pair, kernelSize: Pair | Window, opts: WindowOptions = {}): Tensor {
  checkOptions('fold', opts, windowOptions);
  const { stride = 1, padding = 0, dilation = 1 } = opts;
  const w = isWindow(kernelSize) ? kernelSize : makeWindow('fold', kernelSize, stride, padding, dilation);
  return apply('fold', [cols], { ...w, size: pairOf('fold', 'outputSize', outputSize, 1) });
}
function isWindow(k: Pair | Window): k is Window {
  return typeof k === 'object' && !Array.isArray(k);
}

/**
 * 2-D cross-correlation, PyTorch's F.conv2d: x [N, C, H, W], weight [O, C/groups, kh, kw],
 * bias [O] → [N, O, oh, ow]. Groups split C and O into equal blocks. The padding holds zeros, or
 * with paddingMode the input's mirror, edge or wrap-around (padded explicitly, then a padding-0
 * convolution, as PyTorch's nn.Conv2d does).
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: Conv2dOptions = {}): Tensor {
  checkOptions('conv2d', opts, convSpec);
  const { stride = 1, padding = 0, dilation = 1, groups = 1, paddingMode = 'zeros' } = opts;
  tensorArg('conv2d', x);
  tensorArg('conv2d', weight, 'weight');
  if (weight.ndim !== 4) throw new RangeError(`conv2d: weight must be 4-D [out, in/groups, kh, kw], got shape ${shapeStr(weight.shape)}`);
  if (bias !== null) tensorArg('conv2d', bias, 'bias (the third argument; options come fourth)');
  const [O, Cg, kh, kw] = weight.shape;
  if (padding === 'same' || padding === 'valid') return conv2d(padNamed(x, [kh, kw], padding, stride, dilation, paddingMode), weight, bias, { stride, padding: 0, dilation, groups });
  if (paddingMode !== 'zeros') {
    if (x.ndim !== 4) throw new RangeError(`conv2d: input must be 4-D [N, C, H, W], got shape ${shapeStr(x.shape)}`);
    const [ph, pw] = pairOf('conv2d', 'padding', padding, 0);
    const padded = padBorder(padBorder(x, 2, ph, ph, paddingMode), 3, pw, pw, paddingMode);
    return conv2d(padded, weight, bias, { stride, padding: 0, dilation, groups });
  }
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
function padNamed(x: Tensor, kernel: [number, number], padding: 'same' | 'valid', stride: Pair, dilation: Pair, mode: PaddingMode): Tensor {
  if (padding === 'valid') return x;
  const s = pairOf('conv2d', 'stride', stride, 1), d = pairOf('conv2d', 'dilation', dilation, 1);
  if (s[0] !== 1 || s[1] !== 1) throw new RangeError(`conv2d: padding 'same' needs stride 1, got ${JSON.stringify(stride)}`);
  if (x.ndim !== 4) throw new RangeError(`conv2d: input must be 4-D [N, C, H, W], got shape ${shapeStr(x.shape)}`);
  let y = x;
  for (const axis of [0, 1] as const) {
    const total = d[axis] * (kernel[axis] - 1), before = Math.floor(total / 2);
    if (total > 0) y = padBorder(y, 2 + axis, before, total - before, mode);
  }
  return y;
}

/**
 * x padded along dim by `before` and `after` entries, PyTorch's F.pad modes: zeros, or a gather of
 * x at the source index of each output position j ∈ [−before, n + after):
 * reflect |j| mirrored at n − 1 (edge not repeated), replicate clamp(j, 0, n − 1), circular j mod n.
 * A gather, so the gradient of a border entry is added back into its source (scatter-add).
 */
export function padBorder(x: Tensor, dim: number, before: number, after: number, mode: PaddingMode): Tensor {
  if (before === 0 && after === 0) return x;
  if (mode === 'zeros') return x.pad(dim, before, after);
  const n = x.shape[dim]!, most = Math.max(before, after);
  if (mode === 'reflect' ? most >= n : mode === 'circular' && most > n) {
    throw new RangeError(`conv2d: paddingMode '${mode}' needs padding ${mode === 'reflect' ? '<' : '≤'} the input size, got padding ${most} for size ${n} of input ${shapeStr(x.shape)}`);
  }
  const m = n + before + after;
  const source = new Int32Array(m);
  for (let o = 0; o < m; o++) {
    const j = o - before;
    source[o] = mode === 'replicate' ? Math.min(n - 1, Math.max(0, j))
      : mode === 'circular' ? ((j % n) + n) % n
      : n - 1 - Math.abs(n - 1 - Math.abs(j));
  }
  const indexShape = x.shape.map((s, i) => (i === dim ? m : 1));
  const outShape = x.shape.map((s, i) => (i === dim ? m : s));
  return x.gather(dim, fromStorage(source, indexShape, 'int32').expand(outShape));
}

function poolWindow(op: string, kernelSize: Pair, stride: Pair | undefined, padding: Pair, dilation: Pair): Window {
  const w = makeWindow(op, kernelSize, stride ?? kernelSize, padding, dilation);
  if (w.padding[0] * 2 > w.kernel[0] || w.padding[1] * 2 > w.kernel[1]) {
    throw new RangeError(`${op}: padding ${w.padding.join('×')} must be at most half the kernel size ${w.kernel.join('×')}`);
  }
  return w;
}

/**
 * Output positions along one axis in ceil mode, PyTorch's rule: ⌈(n + 2p − d·(k − 1) − 1) / s⌉ + 1,
 * less one when that last window would start at or past n + p (in the right padding only).
 */
export function ceilOutSize(n: number, w: Window, axis: 0 | 1): number {
  const s = w.stride[axis], p = w.padding[axis];
  const out = Math.ceil((n + 2 * p - w.dilation[axis] * (w.kernel[axis] - 1) - 1) / s) + 1;
  return (out - 1) * s >= n + p ? out - 1 : out;
}

/**
 * The extra entries after the right padding that the windows of ceil mode reach (0 in floor
 * mode): padding x by these then pooling in floor mode gives ceil mode's windows.
 */
function ceilExtra(x: Tensor, w: Window, ceilMode: boolean): [number, number] {
  if (!ceilMode || x.ndim !== 4) return [0, 0];
  return ([0, 1] as const).map((a) => {
    const n = x.shape[2 + a]!, out = ceilOutSize(n, w, a);
    return Math.max(0, (out - 1) * w.stride[a] + w.dilation[a] * (w.kernel[a] - 1) + 1 - (n + 2 * w.padding[a]));
  }) as [number, number];
}

/**
 * The maximum of each window (PyTorch's F.max_pool2d). Padding acts as −∞. The gradient goes to
 * one element per window: at a tie, the first maximum in row-major order, PyTorch's convention
 * (unlike max(), which splits ties evenly). ceilMode keeps a last partial window (see PoolOptions).
 */
export function maxPool2d(x: Tensor, kernelSize: Pair, opts: MaxPoolOptions = {}): Tensor {
  checkOptions('maxPool2d', opts, maxPoolSpec);
  const { stride, padding = 0, dilation = 1, ceilMode = false } = opts;
  const w = poolWindow('maxPool2d', kernelSize, stride, padding, dilation);
  const [eh, ew] = ceilExtra(x, w, ceilMode);
  // ceil mode: −∞ (int32: its least value) after the input. It never takes the gradient: a
  // window's first entry in row-major order is an input entry (PyTorch's rule), and ties keep the first.
  const lowest = x.dtype === 'int32' ? -(2 ** 31) : -Infinity;
  let xe = x;
  if (eh > 0) xe = concat([xe, full([x.shape[0]!, x.shape[1]!, eh, x.shape[3]!], lowest, { dtype: x.dtype })], 2);
  if (ew > 0) xe = concat([xe, full([x.shape[0]!, x.shape[1]!, xe.shape[2]!, ew], lowest, { dtype: x.dtype })], 3);
  const idx = apply('maxPoolIndices', [xe], w);
  const [N, C, H, W] = xe.shape;
  const [oh, ow] = checkWindowInput('maxPool2d', xe, w);
  return xe.reshape([N, C, H * W]).gather(2, idx).reshape([N, C, oh, ow]);
}

/**
 * The mean of each window (PyTorch's F.avg_pool2d). With countIncludePad (PyTorch's default)
 * padded zeros count in the divisor, without it only the input pixels a window covers; in ceil
 * mode the part of a last window beyond the right padding never counts. divisorOverride replaces
 * the divisor of every window.
 */
export function avgPool2d(x: Tensor, kernelSize: Pair, opts: AvgPoolOptions = {}): Tensor {
  checkOptions('avgPool2d', opts, avgPoolSpec);
  const { stride, padding = 0, countIncludePad = true, ceilMode = false, divisorOverride } = opts;
  const w = poolWindow('avgPool2d', kernelSize, stride, padding, 1);
  checkWindowInput('avgPool2d', x, w);
  const [eh, ew] = ceilExtra(x, w, ceilMode);
  const after = (t: Tensor) => { const t2 = eh > 0 ? t.pad(2, 0, eh) : t; return ew > 0 ? t2.pad(3, 0, ew) : t2; };
  const xe = eh > 0 || ew > 0 ? after(x) : x;
  const [oh, ow] = checkWindowInput('avgPool2d', xe, w);
  const [N, C, H, W] = xe.shape;
  const sums = apply('unfold', [xe.reshape([N * C, 1, H, W])], w).sum(1);
  const [h, wd] = [x.shape[2]!, x.shape[3]!], [ph, pw] = w.padding;
  const floatType = x.dtype === 'float64' ? 'float64' : 'float32';
  const fullWindows = !ceilMode || (eh === 0 && ew === 0);
  // The divisor: how many of a window's entries lie in the (padded) input, from a window sum of ones.
  const counts = divisorOverride !== undefined ? divisorOverride
    : countIncludePad && fullWindows ? w.kernel[0] * w.kernel[1]
    : countIncludePad ? apply('unfold', [after(ones([1, 1, h + 2 * ph, wd + 2 * pw], { dtype: floatType }))], { ...w, padding: [0, 0] }).sum(1)
    : apply('unfold', [after(ones([1, 1, h, wd], { dtype: floatType }))], w).sum(1);
  return sums.div(counts).reshape([N, C, oh, ow]);
}
