import { elementwise } from '../tensor/kernels.js';
import { run } from './run.js';
import { where } from './api.js';
import type { OpDef } from './types.js';

const kernel = elementwise(2, 'Math.pow(a, b)');

/**
 * d(aᵇ) = b·aᵇ⁻¹·da + aᵇ·log(a)·db. The exponent's gradient is 0 where a = 0 (the limit for
 * b > 0; log is taken of a sanitised base so 0·(−∞) never appears), NaN for a < 0 as in PyTorch.
 */
export const pow: OpDef = {
  dtype: 'float',
  broadcast: true,
  forward: ([a, b], _, dtype) => run(kernel, dtype, a, b),
  vjp: (g, { inputs: [a, b], out, needs }) => [
    needs[0] ? g.mul(b).mul(a.pow(b.sub(1))) : null,
    needs[1] ? g.mul(out).mul(where(a.eq(0), 1, a).log()) : null,
  ],
};
