import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';
import { fusedVjp } from './unaryBackward.js';
import { erfScalar } from './erf-scalar.js';

const kernel = elementwise(1, '0.5 * a * (1 + erfScalar(a * Math.SQRT1_2))', { erfScalar });

/** gelu(x) = x·Φ(x) (the exact, erf form, PyTorch’s default); d gelu(x) = (Φ(x) + x·φ(x))·dx */
export const gelu: OpDef = {
  rule: 'gelu: g·(Φ(x) + x·φ(x))',
  dtype: 'float',
  forward: ([x], _, dtype) => run(kernel, dtype, x),
  vjp: fusedVjp('gelu'),
};
