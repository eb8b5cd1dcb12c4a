import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import { rowMajorStrides } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { scatterAdd } from './scatterAdd.js';
import { checkIndex, indexedOffsets, lastDimRows, sameRows } from './indexing.js';
import { kernel } from '../tensor/kernels/index.js';
import { tensorArg } from '../tensor/create.js';
import { normalizeDim } from '../tensor/shape.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

/** out[..i..] = x[..index[..i..]..] along dim: picks class scores by label. */
export const gather = defineOp('gather', {
  // d = the gradient scatter-added back (scatterAdd).
  rule: 'gather: scatterAdd(g) at the same indices',
  dtype: ([x]) => x.dtype,
  check: ([x, index], { dim }: { dim: number }) => checkIndex('gather', index, dim, x.shape, x.shape),
  forward: ([x, index], { dim }: { dim: number }, dtype) => {
    const out = allocate(dtype, index.size), nd = index.shape.length;
    if (sameRows(index, dim, x)) {
      kernel.gatherRows(x.data, x.offset, x.shape[nd - 1], index.size / index.shape[nd - 1], index.data as Int32Array, index.offset, index.shape[nd - 1], out);
      return makeView(out, index.shape.slice(), rowMajorStrides(index.shape), 0);
    }
    const src = x.data, rows = lastDimRows(index, dim, x);
    if (rows) {
      const len = index.shape[dim], sd = x.stride[dim], ix = index.data;
      for (let r = 0, i = 0, k = index.offset; r < rows.length; r++) {
        const base = rows[r];
        for (let j = 0; j < len; j++, i++, k++) out[i] = src[base + ix[k] * sd];
      }
      return makeView(out, index.shape.slice(), rowMajorStrides(index.shape), 0);
    }
    const at = indexedOffsets(index, dim, x);
    for (let i = 0; i < at.length; i++) out[i] = src[at[i]];
    return makeView(out, index.shape.slice(), rowMajorStrides(index.shape), 0);
  },
  vjp: (g, { inputs: [x, index], params: { dim } }): Grads => [scatterAdd(g, dim, index, x.shape), null],
  onnx: (c) =>
    void c.node('GatherElements', [c.input(0), c.cast(c.input(1), 'int64')], { axis: { i: c.params.dim } }, c.out),
  api: (op, name) => (x: Tensor, dim: number, index: Tensor): Tensor => {
    tensorArg(name, index, 'index');
    return op([x, index], { dim: normalizeDim(name, dim, tensorArg(name, x).ndim) });
  },
});
