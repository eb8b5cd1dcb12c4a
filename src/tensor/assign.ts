import ops from 'ndarray-ops';
import type { Tensor } from './tensor.js';
import { shapeStr } from './shape.js';

/**
 * @internal Copies `src`'s values into `dst`'s storage (same shape, any strides on either side;
 * converted to dst's dtype): how `Module.loadStateDict` and BatchNorm's running statistics write
 * into tensors that a model holds by reference (replacing the tensor would leave the model with a
 * stale copy). The optimizers do not use it: they update flat storage in place (optim/inplace.ts).
 * This bypasses the tape, so run it under noGrad on leaves only; a graph recorded before the write
 * (retainGraph) would see the new values.
 */
export function assignInto(dst: Tensor, src: Tensor): void {
  const same = dst.ndim === src.ndim && dst.shape.every((n, i) => n === src.shape[i]);
  if (!same) throw new RangeError(`assignInto: cannot write a tensor of shape ${shapeStr(src.shape)} into one of shape ${shapeStr(dst.shape)}`);
  if (dst.node) throw new Error('assignInto: the target must be a leaf tensor (a parameter), not the output of an op');
  ops.assign(dst.data, src.data);
}
