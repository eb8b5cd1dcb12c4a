import { elementwise } from '../tensor/kernels.js';
import { run } from './run.js';
import { where } from './api.js';
import { scalarIn, type ScalarParams } from './scalar.js';
import type { OpDef } from './types.js';

const kernel = elementwise(2, 'Math.pow(a, b)');
const toScalar = elementwise(1, 'Math.pow(a, p)');
const scalarTo = elementwise(1, 'Math.pow(p, a)');

/**
 * d(aᵇ) = b·aᵇ⁻¹·da + aᵇ·log(a)·db. The exponent's gradient is 0 where a = 0 (the limit for
 * b > 0; log is taken of a sanitised base so 0·(−∞) never appears), NaN for a < 0 as in PyTorch.
 */
export const pow: OpDef<ScalarParams> = {
  dtype: 'float',
  broadcast: true,
  forward: ([a, b], p, dtype) =>
    p ? run(p.scalarFirst ? scalarTo : toScalar, dtype, a, undefined, undefined, scalarIn(p, dtype)) : run(kernel, dtype, a, b),
  vjp: (g, { inputs: [a, b], out, needs, params: p }) => {
    if (p) return [p.scalarFirst ? g.mul(out).mul(p.scalar === 0 ? 0 : Math.log(p.scalar)) : g.mul(p.scalar).mul(a.pow(p.scalar - 1))];
    return [
      needs[0] ? g.mul(b).mul(a.pow(b.sub(1))) : null,
      needs[1] ? g.mul(out).mul(where(a.eq(0), 1, a).log()) : null,
    ];
  },
};
