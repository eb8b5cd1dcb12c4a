import { reduceForward, spread, type ReduceParams } from './reduction.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Node } from '../autograd/node.js';
import type { OpDef } from './types.js';

/** The gradient of max or min: split evenly between the elements that tie for the extreme. */
export function extremeVjp(g: Tensor, { inputs: [x], out, params }: Node<ReduceParams>): Tensor[] {
  const hits = x.eq(spread(out, x, params));
  const count = hits.sum(params.dims, true);
  return [hits.mul(spread(g, x, params)).div(count)];
}

/** d max(x) = dx at the maximum; ties split the gradient evenly. NaN propagates. */
export const max: OpDef<ReduceParams> = {
  dtype: 'promote',
  check: ([x], { dims }) => {
    if (dims.some((d) => x.shape[d] === 0)) throw new RangeError(`max: cannot reduce an empty dim of ${JSON.stringify(x.shape)}`);
  },
  forward: ([x], p, dtype) => reduceForward(x, p, 'max', dtype),
  vjp: extremeVjp,
};
