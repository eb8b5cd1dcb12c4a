/**
 * The fused convolution primitives, called by conv2d (groups 1) and by each other's VJPs; the
 * shape checks are conv2d's (in conv.ts), done before these run.
 */
import { applyOp as apply } from './define.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Window } from './window.js';

/** y = W·unfold(x) + b as [N, O, oh, ow] (weight [O, C, kh, kw], bias [O] or null). */
export function conv2dFused(x: Tensor, weight: Tensor, bias: Tensor | null, w: Window): Tensor {
  return apply('conv2d', bias ? [x, weight, bias] : [x, weight], w);
}

/** A window with the image size it slides over (conv2dInputGrad's params, fold's). */
export type SizedWindow = Window & { size: [number, number] };

/** conv2d's input gradient from its output gradient g and weight: [N, C, H, W] for size [H, W]. */
export function conv2dInputGrad(g: Tensor, weight: Tensor, w: Window, size: [number, number]): Tensor {
  return apply('conv2dInputGrad', [g, weight], { ...w, size });
}

/** conv2d's weight gradient from its input x and output gradient g: [O, C, kh, kw]. */
export function conv2dWeightGrad(x: Tensor, g: Tensor, w: Window): Tensor {
  return apply('conv2dWeightGrad', [x, g], w);
}
