import { makeView } from '../tensor/view.js';
import ops from 'ndarray-ops';
import { allocate } from '../tensor/dtype.js';
import { normalizeDim, rowMajorStrides } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensorArg } from '../tensor/create.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

/** Zeros padded before and after x along dim (slice's adjoint). */
export const pad = defineOp('pad', {
  // x with `before` zeros ahead of it and `after` behind it along dim; d = the middle slice.
  rule: 'pad: the middle slice of g',
  dtype: 'promote',
  check: (_, { before, after }: { dim: number; before: number; after: number }) => {
    if (!(Number.isInteger(before) && Number.isInteger(after) && before >= 0 && after >= 0)) {
      throw new RangeError(`pad: before (${before}) and after (${after}) must be integers ≥ 0`);
    }
  },
  forward: ([x], { dim, before, after }: { dim: number; before: number; after: number }, dtype) => {
    const shape = x.shape.slice();
    shape[dim] += before + after;
    const stride = rowMajorStrides(shape);
    const out = allocate(dtype, shape.reduce((a, b) => a * b, 1));
    const inner = makeView(out, x.shape.slice(), stride, before * stride[dim]);
    ops.assign(inner, x);
    return makeView(out, shape, stride, 0);
  },
  vjp: (g, { inputs: [x], params: { dim, before } }): Grads => [g.slice(dim, before, before + x.shape[dim])],
  onnx: (c) => {
    const { dim, before, after } = c.params, rank = c.inShapes[0].length;
    const pads = [...Array(2 * rank)].map((_, i) => (i === dim ? before : i === rank + dim ? after : 0));
    c.node('Pad', [c.input(0, c.outDtype), c.ints(pads)], {}, c.out);
  },
  api: (op, name) => (x: Tensor, dim: number, before: number, after: number): Tensor =>
    op([x], { dim: normalizeDim(name, dim, tensorArg(name, x).ndim), before, after }),
});
