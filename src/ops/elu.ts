import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { where } from './where.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { tensorArg } from '../tensor/create.js';
import { checkFinite } from '../tensor/validate.js';
import type { Tensor } from '../tensor/tensor.js';

const kernel = elementwise(1, 'a > 0 ? a : p * Math.expm1(a)');

/** x for x > 0, α(eˣ − 1) otherwise; the derivative at 0 is α, as in PyTorch. */
export const elu = defineOp('elu', {
  // elu(x) = x for x > 0, α(eˣ − 1) otherwise; d = (x > 0 ? 1 : elu(x) + α)·dx (α at 0, as PyTorch).
  rule: 'elu: g·(x > 0 ? 1 : y + α)',
  dtype: 'float',
  forward: ([x], { alpha }: { alpha: number }, dtype) => run(kernel, dtype, x, undefined, undefined, alpha),
  vjp: (g, { inputs: [x], out, params: { alpha } }): Grads => [where(x.gt(0), g, g.mul(out.add(alpha)))],
  onnx: (c) => {
    const d = c.outDtype, x = c.input(0, d);
    c.node('Where', [lower.positive(c, x, d), x, c.node('Mul', [lower.expm1(c, x, d), c.scalar(c.params.alpha, d)])], {}, c.out);
  },
  api: (op, name) => (x: Tensor, alpha = 1): Tensor => op([tensorArg(name, x)], { alpha: checkFinite(name, 'alpha', alpha) }),
});
