import { run } from './run.js';
import { boundedDtype, checkBounds, clampKernel } from './bounds.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { tensorArg } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * x limited to [min, max] (null/undefined: unbounded on that side). The gradient passes where
 * min ≤ x ≤ max, bounds included, as in PyTorch. int32 stays int32 only with integer bounds.
 */
export const clamp = defineOp('clamp', {
  // clamp(x, min, max); d = [min ≤ x ≤ max]·dx. The bounds are inclusive, as in PyTorch: at
  // x = min or x = max the gradient passes.
  rule: 'clamp: g·[min ≤ x ≤ max]',
  dtype: boundedDtype,
  check: checkBounds('clamp'),
  forward: ([x], { min, max }, dtype) => run(clampKernel, dtype, x, undefined, undefined, min, max),
  vjp: (g, { inputs: [x], params: { min, max } }): Grads => [g.mul(x.ge(min).mul(x.le(max)))],
  onnx: (c) => {
    const d = c.outDtype, { min, max } = c.params;
    const bound = (v: number) => (Number.isFinite(v) ? c.scalar(v, d) : '');
    c.node('Clip', [c.input(0, d), bound(min), bound(max)], {}, c.out);
  },
  api: (op, name) => (x: Tensor, min?: number | null, max?: number | null): Tensor =>
    op([tensorArg(name, x)], { min: min ?? -Infinity, max: max ?? Infinity }),
});
