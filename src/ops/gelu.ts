import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import { unaryApi } from './operands.js';
import { fusedVjp } from './unaryBackward.js';
import { kernel } from '../tensor/kernels/index.js';

/** The exact GELU x·Φ(x) (erf form, PyTorch's default, not the tanh approximation). */
export const gelu = defineOp('gelu', {
  // gelu(x) = x·Φ(x) (the exact, erf form, PyTorch’s default); d gelu(x) = (Φ(x) + x·φ(x))·dx
  rule: 'gelu: g·(Φ(x) + x·φ(x))',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel.gelu, dtype, x),
  vjp: fusedVjp('gelu'),
  // x·Φ(x) = x·(1 + erf(x/√2))/2, the exact form
  onnx: (c) => {
    const d = c.outDtype, x = c.input(0, d);
    const phi = c.node('Add', [c.node('Erf', [c.node('Mul', [x, c.scalar(Math.SQRT1_2, d)])]), c.scalar(1, d)]);
    c.node('Mul', [c.node('Mul', [x, phi]), c.scalar(0.5, d)], {}, c.out);
  },
  api: unaryApi,
});
