import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import { isRowMajor, rowMajorStrides, sameShape, shapeStr } from '../tensor/shape.js';
import { checkIndex, indexedOffsets, lastDimRows } from './gather.js';
import { copyInto } from '../tensor/kernels.js';
import type { OpDef } from './types.js';

/** zeros(shape) with src added at index along dim (gather's adjoint); d = gather of the gradient. */
export const scatterAdd: OpDef<{ dim: number; shape: number[] }> = {
  rule: 'scatterAdd: gather(g) at the same indices',
  dtype: ([src]) => src.dtype,
  check: ([src, index], { dim, shape }) => {
    if (!sameShape(src.shape, index.shape)) throw new RangeError(`scatterAdd: src shape ${shapeStr(src.shape)} does not match index shape ${shapeStr(index.shape)}`);
    checkIndex('scatterAdd', index, dim, shape, shape);
  },
  forward: ([src, index], { dim, shape }, dtype) => {
    const out = allocate(dtype, shape.reduce((a, b) => a * b, 1));
    const target = { shape, stride: rowMajorStrides(shape), offset: 0 };
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
  vjp: (g, { inputs: [, index], params: { dim } }) => [g.gather(dim, index), null],
};
