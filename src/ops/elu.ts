import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { where } from './api.js';
import type { OpDef } from './types.js';

const kernel = elementwise(1, 'a > 0 ? a : p * Math.expm1(a)');

/** elu(x) = x for x > 0, α(eˣ − 1) otherwise; d = (x > 0 ? 1 : elu(x) + α)·dx (α at 0, as PyTorch). */
export const elu: OpDef<{ alpha: number }> = {
  rule: 'elu: g·(x > 0 ? 1 : y + α)',
  dtype: 'float',
  forward: ([x], { alpha }, dtype) => run(kernel, dtype, x, undefined, undefined, alpha),
  vjp: (g, { inputs: [x], out, params: { alpha } }) => [where(x.gt(0), g, g.mul(out.add(alpha)))],
};
