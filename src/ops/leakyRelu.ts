import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { where } from './where.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { tensorArg } from '../tensor/create.js';
import { checkFinite } from '../tensor/validate.js';
import type { Tensor } from '../tensor/tensor.js';

const kernel = elementwise(1, 'a > 0 ? a : a * p');

/** x for x > 0, slope·x otherwise (torch leaky_relu); the derivative at 0 is the slope. */
export const leakyRelu = defineOp('leakyRelu', {
  // leakyRelu(x) = x for x > 0, slope·x otherwise; d = (x > 0 ? 1 : slope)·dx, so the derivative at 0 is the slope.
  rule: 'leakyRelu: g·(x > 0 ? 1 : slope)',
  dtype: 'float',
  forward: ([x], { slope }: { slope: number }, dtype) => run(kernel, dtype, x, undefined, undefined, slope),
  vjp: (g, { inputs: [x], params: { slope } }): Grads => [where(x.gt(0), g, g.mul(slope))],
  onnx: (c) => {
    const d = c.outDtype, x = c.input(0, d);
    c.node('Where', [lower.positive(c, x, d), x, c.node('Mul', [x, c.scalar(c.params.slope, d)])], {}, c.out);
  },
  api: (op, name) => (x: Tensor, slope = 0.01): Tensor => op([tensorArg(name, x)], { slope: checkFinite(name, 'slope', slope) }),
});
