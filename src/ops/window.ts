import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** The sliding-window geometry shared by unfold, fold and the pools: (height, width) pairs. */
export interface Window {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
}
export type Pair = number | readonly [number, number];

/** A number or an (h, w) pair as a checked pair of integers ≥ min, naming the op and argument. */
export function pairOf(op: string, arg: string, v: Pair, min: number): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!(Array.isArray(v) ? v.length === 2 : typeof v === 'number') || !p.every((n) => Number.isInteger(n) && n >= min)) {
    throw new RangeError(`${op}: ${arg} must be an integer ≥ ${min} or a pair of them, got ${JSON.stringify(v)}`);
  }
  return p;
}

export function makeWindow(op: string, kernel: Pair, stride: Pair, padding: Pair, dilation: Pair): Window {
  return {
    kernel: pairOf(op, 'kernelSize', kernel, 1),
    stride: pairOf(op, 'stride', stride, 1),
    padding: pairOf(op, 'padding', padding, 0),
    dilation: pairOf(op, 'dilation', dilation, 1),
  };
}

/** Output positions along one axis: ⌊(n + 2p − d·(k − 1) − 1) / s⌋ + 1 (PyTorch, floor mode). */
export function outSize(n: number, w: Window, axis: 0 | 1): number {
  return Math.floor((n + 2 * w.padding[axis] - w.dilation[axis] * (w.kernel[axis] - 1) - 1) / w.stride[axis]) + 1;
}

/** Checks a 4-D [N, C, H, W] input whose window fits at least once; returns [outH, outW]. */
export function checkWindowInput(op: string, x: Tensor, w: Window): [number, number] {
  if (x.ndim !== 4) throw new RangeError(`${op}: input must be 4-D [N, C, H, W], got shape ${shapeStr(x.shape)}`);
  const oh = outSize(x.shape[2], w, 0), ow = outSize(x.shape[3], w, 1);
  if (oh < 1 || ow < 1) {
    throw new RangeError(`${op}: a ${w.kernel.join('×')} window (dilation ${w.dilation.join('×')}, padding ${w.padding.join('×')}) does not fit input ${shapeStr(x.shape)}`);
  }
  return [oh, ow];
}
