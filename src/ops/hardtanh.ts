import { tensorArg } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { boundedDtype, checkBounds, clampKernel } from './bounds.js';
import { clamp } from './clamp.js';
import { defineOp } from './define.js';
import { run } from './run.js';
import type { Grads } from './types.js';
import { where } from './where.js';

/**
 * PyTorch's F.hardtanh: x limited to [minVal, maxVal] (default [−1, 1]), as clamp, but the
 * gradient passes only strictly inside: 0 at the bounds themselves (clamp passes it there), as
 * PyTorch 1.13's hardtanh_backward ((x > min) & (x < max)). A NaN input gives NaN and gradient 0
 * (PyTorch's vectorised kernel; its scalar tail passes the gradient, so PyTorch differs by length).
 */
export const hardtanh = defineOp('hardtanh', {
  // d hardtanh(x) = [min < x < max]·dx; where, so an infinite g outside gives 0, not 0·∞
  rule: 'hardtanh: g·[min < x < max]  (0 at the bounds)',
  dtype: boundedDtype,
  check: checkBounds('hardtanh'),
  forward: ([x], { min, max }, dtype) => run(clampKernel, dtype, x, undefined, undefined, min, max),
  vjp: (g, { inputs: [x], params: { min, max } }): Grads => [where(x.gt(min).mul(x.lt(max)), g, 0)],
  // the value is clamp's; ONNX exports values only, so the kink convention does not show there
  onnx: clamp.def.onnx,
  api: (op, name) => (x: Tensor, minVal = -1, maxVal = 1): Tensor => op([tensorArg(name, x)], { min: minVal, max: maxVal }),
});
