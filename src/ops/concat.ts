import { makeView } from '../tensor/view.js';
import ops from 'ndarray-ops';
import { allocate } from '../tensor/dtype.js';
import { normalizeDim, rowMajorStrides, shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensorArg } from '../tensor/create.js';
import { describe } from '../tensor/validate.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

/** Joins tensors along an existing dim (torch.cat); all other dims must match. */
export const concat = defineOp('concat', {
  // The inputs joined along dim; d = the matching slices of the gradient.
  rule: 'concat: each input gets its slice of g',
  dtype: 'promote',
  check: (xs, { dim }: { dim: number }) => {
    const ref = xs[0].shape;
    for (const t of xs) {
      if (t.ndim !== ref.length || t.shape.some((n, i) => i !== dim && n !== ref[i])) {
        throw new RangeError(`concat: shapes ${xs.map((x) => shapeStr(x.shape)).join(', ')} differ outside dim ${dim}`);
      }
    }
  },
  forward: (xs, { dim }: { dim: number }, dtype) => {
    const shape = xs[0].shape.slice();
    shape[dim] = xs.reduce((n, x) => n + x.shape[dim], 0);
    const stride = rowMajorStrides(shape);
    const out = allocate(dtype, shape.reduce((a, b) => a * b, 1));
    let at = 0;
    for (const x of xs) {
      ops.assign(makeView(out, x.shape.slice(), stride, at * stride[dim]), x);
      at += x.shape[dim];
    }
    return makeView(out, shape, stride, 0);
  },
  vjp: (g, { inputs, params: { dim } }): Grads => {
    let at = 0;
    return inputs.map((x) => g.slice(dim, at, (at += x.shape[dim])));
  },
  onnx: (c) =>
    void c.node('Concat', c.inputs.map((_, i) => c.input(i, c.outDtype)), { axis: { i: c.params.dim } }, c.out),
  api: (op, name) => (tensors: readonly Tensor[], dim = 0): Tensor => {
    if (!Array.isArray(tensors)) throw new TypeError(`${name}: expected an array of Tensors, got ${describe(tensors)}`);
    if (tensors.length === 0) throw new RangeError(`${name}: needs at least one tensor`);
    tensors.forEach((t, i) => tensorArg(name, t, `tensors[${i}]`));
    return op([...tensors], { dim: normalizeDim(name, dim, tensors[0].ndim) });
  },
});
