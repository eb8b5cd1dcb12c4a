import { makeView } from '../tensor/view.js';
import type { DType } from '../tensor/dtype.js';
import type { Arr } from '../tensor/elementwise.js';
import { reduce, type ReduceKind } from '../tensor/reduce.js';
import { rowMajorStrides, shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Node } from '../autograd/tape/node.js';

export interface ReduceParams {
  dims: number[];
  keepdim: boolean;
}

/** The reduction of x over dims, with the dims dropped unless keepdim. */
export function reduceForward(x: Arr, { dims, keepdim }: ReduceParams, kind: ReduceKind, dtype: DType): Arr {
  const kept = reduce(x, dims, kind, dtype);
  if (keepdim) return kept;
  const shape = kept.shape.filter((_, i) => !dims.includes(i));
  return makeView(kept.data, shape, rowMajorStrides(shape), 0);
}

/** A tensor shaped like a reduction's output viewed with the reduced dims kept as size 1. */
export function keepDims(t: Tensor, input: Tensor, { dims, keepdim }: ReduceParams): Tensor {
  return keepdim ? t : t.reshape(input.shape.map((n, i) => (dims.includes(i) ? 1 : n)));
}

/** A reduction's output gradient spread back over the input's shape (a stride-0 view). */
export function spread(g: Tensor, input: Tensor, p: ReduceParams): Tensor {
  return keepDims(g, input, p).expand(input.shape);
}

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
