import { allocate } from '../tensor/dtype.js';
import { kernel } from '../tensor/kernels/index.js';
import { fromRows, rowsOver } from '../tensor/rows.js';
import { Tensor } from '../tensor/tensor.js';
import { state } from '../autograd/tape/state.js';
import { applyOp, defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { dimApi } from './operands.js';

/** x − logsumexp(x) along dim (default last): stable for any logits, unlike log(softmax(x)). */
export const logSoftmax = defineOp('logSoftmax', {
  // logSoftmax(x) = x − lse(x) along dim, never log(softmax(x)): no log(0) at saturation.
  // d logSoftmax = dy − softmax(x)·Σ dy along dim (the fused logSoftmaxBackward). The forward keeps
  // softmax(x), which it computes anyway, so a plain backward costs no second exp pass; a recorded
  // backward (createGraph) recomputes it as exp(out) so that it stays differentiable.
  rule: 'logSoftmax: g − softmax(x)·Σ g  (along dim)',
  dtype: 'float',
  forward: ([x], { dim }: { dim: number }, dtype, node) => {
    const r = rowsOver(x, [dim]);
    const n = r.rows * r.cols;
    const out = allocate(dtype, n);
    const probs = node ? allocate(dtype, n) : null;
    kernel.logSoftmaxRows(r.data, r.offset, r.rows, r.cols, out, probs);
    if (probs) node!.saved = new Tensor(fromRows(probs, r), dtype);
    return fromRows(out, r);
  },
  vjp: (g, { out, saved, params: { dim } }): Grads => {
    const probs = state.gradEnabled ? out.exp() : (saved as Tensor);
    return [applyOp('logSoftmaxBackward', [g, probs], { dim })];
  },
  onnx: (c) => void c.node('LogSoftmax', [c.input(0, c.outDtype)], { axis: { i: c.params.dim } }, c.out),
  api: dimApi,
});
