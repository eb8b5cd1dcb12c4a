import { reduceForward, spread, type ReduceParams } from './reduction.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Node } from '../autograd/node.js';
import { shapeStr } from '../tensor/shape.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import { reduceApi } from './operands.js';

/** The gradient of max or min: split evenly between the elements that tie for the extreme. */
export function extremeVjp(g: Tensor, { inputs: [x], out, params }: Node<ReduceParams>): Tensor[] {
  const hits = x.eq(spread(out, x, params));
  const count = hits.sum(params.dims, true);
  return [hits.mul(spread(g, x, params)).div(count)];
}

/** max and min have no value over no elements: an empty reduced dim is an error, as in PyTorch. */
export const nonEmpty = (op: string) => ([x]: readonly Tensor[], { dims }: ReduceParams): void => {
  const d = dims.find((i) => x.shape[i] === 0);
  if (d !== undefined) throw new RangeError(`${op}: cannot reduce dim ${d} of size 0 (shape ${shapeStr(x.shape)}): the ${op}imum of no elements is undefined`);
};

/**
 * The largest value over dim (all when omitted), values only (see argmax for indices). Ties
 * split the gradient evenly; NaN propagates; an empty reduced dim is an error, as in PyTorch.
 */
export const max = defineOp('max', {
  // d max(x) = dx at the maximum; ties split the gradient evenly. NaN propagates.
  rule: 'max: g at the maximum (ties split evenly)',
  dtype: 'promote',
  check: nonEmpty('max'),
  forward: ([x], p: ReduceParams, dtype) => reduceForward(x, p, 'max', dtype),
  vjp: extremeVjp,
  onnx: lower.reduceKeepingNaN('ReduceMax'),
  api: reduceApi,
});
