import { makeView } from '../tensor/view.js';
import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensorArg } from '../tensor/create.js';
import { checkShape, describe } from '../tensor/validate.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

/**
 * x broadcast to `shape` as a view. −1 keeps the size of the matching dim of x (counted from the
 * right), as in PyTorch; new leading dims cannot be −1.
 */
export const expand = defineOp('expand', {
  // Broadcasts x to `shape` as a stride-0 view (no copy): new leading dims and size-1 dims repeat.
  // d = the gradient summed over the repeated dims: the only place broadcasting is undone.
  rule: 'expand: g summed over the expanded dims',
  dtype: 'promote',
  check: ([x], { shape }: { shape: number[] }) => {
    const lead = shape.length - x.ndim;
    const ok = lead >= 0 && x.shape.every((n, i) => n === shape[lead + i] || n === 1);
    if (!ok) throw new RangeError(`expand: cannot expand ${shapeStr(x.shape)} to ${shapeStr(shape)}`);
  },
  forward: ([x], { shape }: { shape: number[] }) => {
    const lead = shape.length - x.shape.length;
    const stride = shape.map((n, i) => (i < lead || (x.shape[i - lead] === 1 && n !== 1) ? 0 : x.stride[i - lead]));
    return makeView(x.data, shape.slice(), stride, x.offset);
  },
  vjp: (g, { inputs: [x], params: { shape } }): Grads => {
    const lead = shape.length - x.ndim;
    const dims = shape.flatMap((n, i) => (i < lead || (x.shape[i - lead] === 1 && n !== 1) ? [i] : []));
    return [dims.length ? g.sum(dims, true).reshape(x.shape) : g.reshape(x.shape)];
  },
  onnx: (c) =>
    void c.node('Expand', [c.input(0), c.sizes(c.params.shape, 'shape')], {}, c.out),
  api: (op, name) => (x: Tensor, shape: readonly number[]): Tensor => {
    tensorArg(name, x);
    if (!Array.isArray(shape)) throw new TypeError(`${name}: shape must be an array of integers, got ${describe(shape)}`);
    const lead = shape.length - x.ndim;
    const resolved = shape.map((n, i) => {
      if (n !== -1) return n;
      if (i < lead) throw new RangeError(`${name}: -1 is not allowed for the new leading dim ${i} of ${shapeStr(shape)} (input shape ${shapeStr(x.shape)})`);
      return x.shape[i - lead];
    });
    return op([x], { shape: checkShape(name, resolved) });
  },
});
