import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import { copyInto } from '../tensor/elementwise.js';
import { isRowMajor, rowMajorStrides, shapeStr, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensorArg } from '../tensor/create.js';
import { describe } from '../tensor/validate.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

/**
 * The same elements in a new shape (one −1 is inferred), row-major order as torch.reshape; x
 * itself when the shape is unchanged.
 */
export const reshape = defineOp('reshape', {
  // A view with another shape and the same elements (a copy when x is not row-major); d = reshape back.
  rule: 'reshape: g reshaped back',
  dtype: 'promote',
  forward: ([x], { shape }: { shape: number[] }, dtype) => {
    if (isRowMajor(x.shape, x.stride)) return makeView(x.data, shape.slice(), rowMajorStrides(shape), x.offset);
    const out = allocate(dtype, x.size);
    copyInto(out, x);
    return makeView(out, shape.slice(), rowMajorStrides(shape), 0);
  },
  vjp: (g, { inputs: [x] }): Grads => [g.reshape(x.shape)],
  onnx: (c) =>
    void c.node('Reshape', [c.input(0), c.sizes(c.params.shape, 'shape')], {}, c.out),
  api: (op, name) => (x: Tensor, shape: readonly number[]): Tensor => {
    tensorArg(name, x);
    if (!Array.isArray(shape)) throw new TypeError(`${name}: shape must be an array of integers, got ${describe(shape)}`);
    const holes = shape.filter((n) => n === -1).length;
    const known = shape.reduce((p, n) => (n === -1 ? p : p * n), 1);
    const resolved = shape.map((n) => (n === -1 ? x.size / known : n));
    if (holes > 1 || resolved.some((n) => !Number.isInteger(n) || n < 0) || sizeOf(resolved) !== x.size) {
      throw new RangeError(`${name}: cannot view ${shapeStr(x.shape)} (${x.size} elements) as ${shapeStr(shape)}`);
    }
    if (resolved.length === x.ndim && resolved.every((n, i) => n === x.shape[i])) return x;
    return op([x], { shape: resolved });
  },
});
