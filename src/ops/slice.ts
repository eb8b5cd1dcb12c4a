import { makeView } from '../tensor/view.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensorArg } from '../tensor/create.js';
import { checkInteger } from '../tensor/validate.js';
import { normalizeDim } from '../tensor/shape.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

/** Elements start..end-1 along dim (negative start/end count from the end), as a view. */
export const slice = defineOp('slice', {
  // Elements start..end−1 along dim, as a view; d = the gradient padded back with zeros.
  rule: 'slice: g padded back with zeros',
  dtype: 'promote',
  forward: ([x], { dim, start, end }: { dim: number; start: number; end: number }) => {
    const shape = x.shape.slice();
    shape[dim] = end - start;
    return makeView(x.data, shape, x.stride.slice(), x.offset + start * x.stride[dim]);
  },
  vjp: (g, { inputs: [x], params: { dim, start, end } }): Grads => [g.pad(dim, start, x.shape[dim] - end)],
  onnx: (c) => {
    const { dim, start, end } = c.params;
    c.node('Slice', [c.input(0), c.sizes([start], 'start'), c.sizes([end], 'end'), c.ints([dim])], {}, c.out);
  },
  api: (op, name) => (x: Tensor, dim: number, start: number, end?: number): Tensor => {
    const d = normalizeDim(name, dim, tensorArg(name, x).ndim);
    checkInteger(name, 'start', start);
    if (end !== undefined) checkInteger(name, 'end', end);
    const n = x.shape[d];
    const s = Math.min(Math.max(start < 0 ? start + n : start, 0), n);
    const e = Math.min(Math.max(end === undefined ? n : end < 0 ? end + n : end, s), n);
    return op([x], { dim: d, start: s, end: e });
  },
});
