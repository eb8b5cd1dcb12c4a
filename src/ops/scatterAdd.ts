import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import { isRowMajor, normalizeDim, rowMajorStrides, sameShape, shapeStr } from '../tensor/shape.js';
import { checkIndex, indexedOffsets, lastDimRows, sameRows } from './indexing.js';
import { kernel } from '../tensor/kernels/index.js';
import { copyInto } from '../tensor/elementwise.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensorArg } from '../tensor/create.js';
import { checkShape } from '../tensor/validate.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

/** A zeros tensor of `shape` into which src is added at `index` along dim (gather's adjoint). */
export const scatterAdd = defineOp('scatterAdd', {
  // zeros(shape) with src added at index along dim (gather's adjoint); d = gather of the gradient.
  rule: 'scatterAdd: gather(g) at the same indices',
  dtype: ([src]) => src.dtype,
  check: ([src, index], { dim, shape }: { dim: number; shape: number[] }) => {
    if (!sameShape(src.shape, index.shape)) throw new RangeError(`scatterAdd: src shape ${shapeStr(src.shape)} does not match index shape ${shapeStr(index.shape)}`);
    checkIndex('scatterAdd', index, dim, shape, shape);
  },
  forward: ([src, index], { dim, shape }: { dim: number; shape: number[] }, dtype) => {
    const out = allocate(dtype, shape.reduce((a, b) => a * b, 1));
    const target = { shape, stride: rowMajorStrides(shape), offset: 0 }, nd = shape.length;
    if (isRowMajor(src.shape, src.stride) && sameRows(index, dim, target)) {
      kernel.scatterAddRows(src.data, src.offset, index.size / index.shape[nd - 1], index.shape[nd - 1], index.data as Int32Array, index.offset, shape[nd - 1], out);
      return makeView(out, shape.slice(), target.stride, 0);
    }
    const rows = isRowMajor(src.shape, src.stride) ? lastDimRows(index, dim, target) : null;
    if (rows) {
      const len = index.shape[dim], sd = target.stride[dim], ix = index.data, v = src.data;
      for (let r = 0, i = src.offset, k = index.offset; r < rows.length; r++) {
        const base = rows[r];
        for (let j = 0; j < len; j++, i++, k++) out[base + ix[k] * sd] += v[i];
      }
      return makeView(out, shape.slice(), target.stride, 0);
    }
    const values = allocate(dtype, src.size);
    copyInto(values, src);
    const at = indexedOffsets(index, dim, target);
    for (let i = 0; i < at.length; i++) out[at[i]] += values[i];
    return makeView(out, shape.slice(), target.stride, 0);
  },
  vjp: (g, { inputs: [, index], params: { dim } }): Grads => [g.gather(dim, index), null],
  // zeros of the target shape with src added at the indices
  onnx: (c) => {
    const zeros = c.node('ConstantOfShape', [c.sizes(c.params.shape, 'shape')], { value: lower.zeroOf(c.outDtype) });
    c.node('ScatterElements', [zeros, c.cast(c.input(1), 'int64'), c.input(0)], { axis: { i: c.params.dim }, reduction: { s: 'add' } }, c.out);
  },
  api: (op, name) => (src: Tensor, dim: number, index: Tensor, shape: readonly number[]): Tensor => {
    tensorArg(name, src, 'src');
    tensorArg(name, index, 'index');
    return op([src, index], { dim: normalizeDim(name, dim, shape.length), shape: checkShape(name, shape) });
  },
});
