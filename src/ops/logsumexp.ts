import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import { kernel } from '../tensor/kernels/index.js';
import { rowsOver } from '../tensor/rows.js';
import { rowMajorStrides } from '../tensor/shape.js';
import { spread, type ReduceParams } from './reduction.js';
import { where } from './where.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { reduceApi } from './operands.js';

/** log Σ exp(x) over dims, shifted by the (detached) max so it never overflows. */
export const logsumexp = defineOp('logsumexp', {
  // lse(x) = log Σ exp(x) = m + log Σ exp(x − m), m the max over dims (detached: the kernel's shift,
  // replaced by 0 when not finite, so a row of −∞ gives −∞, not NaN). Two passes per row.
  // d lse(x) = softmax(x)·dx = exp(x − lse(x))·dx, shifted the same way where lse is not finite.
  rule: 'logsumexp: g·softmax(x)  (along the reduced dims)',
  dtype: 'float',
  forward: ([x], { dims, keepdim }: ReduceParams, dtype) => {
    const r = rowsOver(x, dims);
    const out = allocate(dtype, r.rows);
    kernel.logsumexpRows(r.data, r.offset, r.rows, r.cols, out);
    const shape = x.shape.flatMap((n, i) => (!dims.includes(i) ? [n] : keepdim ? [1] : []));
    return makeView(out, shape, rowMajorStrides(shape), 0);
  },
  vjp: (g, { inputs: [x], out, params }): Grads => {
    const lse = spread(out, x, params);
    const finite = where(lse.abs().lt(Infinity), lse, 0);
    return [spread(g, x, params).mul(x.sub(finite).exp())];
  },
  onnx: lower.reduce('ReduceLogSumExp'),
  api: reduceApi,
});
