import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { unaryApi } from './operands.js';

const kernel = elementwise(1, '(a >= 0 ? -Math.log1p(Math.exp(-a)) : a - Math.log1p(Math.exp(a)))');

/** log σ(x) = −softplus(−x), without overflow for large |x|; d = σ(−x)·dx. */
export const logSigmoid = defineOp('logSigmoid', {
  // log σ(x) = −softplus(−x), computed without overflow; d log σ(x) = σ(−x)·dx
  rule: 'logSigmoid: g·σ(−x)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: (g, { inputs: [x] }): Grads => [g.mul(x.neg().sigmoid())],
  // min(x, 0) − log(1 + e^(−|x|))
  onnx: (c) => {
    const d = c.outDtype, x = c.input(0, d);
    c.node('Sub', [c.node('Min', [x, c.scalar(0, d)]), lower.softTail(c, x, d)], {}, c.out);
  },
  api: unaryApi,
});
