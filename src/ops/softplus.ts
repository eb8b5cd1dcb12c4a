import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import { unaryApi } from './operands.js';
import { fusedVjp } from './unaryBackward.js';

const kernel = elementwise(1, '(a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a)))');

/** log(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|) so it never overflows; d = σ(x)·dx. */
export const softplus = defineOp('softplus', {
  // softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^−|x|) (no overflow); d softplus(x) = σ(x)·dx
  rule: 'softplus: g·σ(x)',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: fusedVjp('softplus'),
  // max(x, 0) + log(1 + e^(−|x|))
  onnx: (c) => {
    const d = c.outDtype, x = c.input(0, d);
    c.node('Add', [c.node('Relu', [x]), lower.softTail(c, x, d)], {}, c.out);
  },
  api: unaryApi,
});
