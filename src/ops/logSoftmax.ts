import { allocate } from '../tensor/dtype.js';
import { kernel } from '../tensor/kernels/index.js';
import { fromRows, rowsOver } from '../tensor/rows.js';
import { Tensor } from '../tensor/tensor.js';
import { state } from '../autograd/state.js';
import { apply } from '../autograd/apply.js';
import type { OpDef } from './types.js';

/**
 * logSoftmax(x) = x − lse(x) along dim, never log(softmax(x)): no log(0) at saturation.
 * d logSoftmax = dy − softmax(x)·Σ dy along dim (the fused logSoftmaxBackward). The forward keeps
 * softmax(x), which it computes anyway, so a plain backward costs no second exp pass; a recorded
 * backward (createGraph) recomputes it as exp(out) so that it stays differentiable.
 */
export const logSoftmax: OpDef<{ dim: number }> = {
  rule: 'logSoftmax: g − softmax(x)·Σ g  (along dim)',
  dtype: 'float',
  forward: ([x], { dim }, dtype, node) => {
    const r = rowsOver(x, [dim]);
    const n = r.rows * r.cols;
    const out = allocate(dtype, n);
    const probs = node ? allocate(dtype, n) : null;
    kernel.logSoftmaxRows(r.data, r.offset, r.rows, r.cols, out, probs);
    if (probs) node!.saved = new Tensor(fromRows(probs, r), dtype);
    return fromRows(out, r);
  },
  vjp: (g, { out, saved, params: { dim } }) => {
    const probs = state.gradEnabled ? out.exp() : (saved as Tensor);
    return [apply('logSoftmaxBackward', [g, probs], { dim })];
  },
};
