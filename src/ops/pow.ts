import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { where } from './where.js';
import { scalarIn, type ScalarParams } from './scalar.js';
import type { Tensor } from '../tensor/tensor.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { scalarApi } from './operands.js';

const kernel = elementwise(2, 'Math.pow(a, b)');
const toScalar = elementwise(1, 'Math.pow(a, p)');
const scalarTo = elementwise(1, 'Math.pow(p, a)');

/**
 * aᵇ elementwise, broadcast; a float result. d = b·aᵇ⁻¹·da + aᵇ·log(a)·db, with the base's gradient
 * exactly 0 where b = 0 and the exponent's 0 where a = 0 (NaN for a < 0, as PyTorch).
 */
export const pow = defineOp('pow', {
  // d(aᵇ) = b·aᵇ⁻¹·da + aᵇ·log(a)·db. The base's gradient is exactly 0 where b = 0, at every order
  // (as PyTorch masks it): there the exponent b − 1 is replaced by 0, so 0·0⁻¹ = 0·∞ never appears,
  // neither in this VJP nor in its own derivatives. The exponent's gradient is 0 where a = 0 (the
  // limit for b > 0; log is taken of a sanitised base so 0·(−∞) never appears), NaN for a < 0 as in
  // PyTorch.
  rule: 'pow: ga = g·b·a^(b−1), gb = g·log(a)·a^b',
  dtype: 'float',
  broadcast: true,
  forward: ([a, b], p: ScalarParams, dtype) =>
    p ? run(p.scalarFirst ? scalarTo : toScalar, dtype, a, undefined, undefined, scalarIn(p, dtype)) : run(kernel, dtype, a, b),
  vjp: (g, { inputs: [a, b], out, needs, params: p }): Grads => {
    if (p) {
      if (p.scalarFirst) return [g.mul(out).mul(p.scalar === 0 ? 0 : Math.log(p.scalar))];
      return [p.scalar === 0 ? g.mul(0) : g.mul(p.scalar).mul(a.pow(p.scalar - 1))];
    }
    return [
      needs[0] ? g.mul(b).mul(a.pow((hasZero(b) ? where(b.eq(0), 1, b) : b).sub(1))) : null,
      needs[1] ? g.mul(out).mul(where(a.eq(0), 1, a).log()) : null,
    ];
  },
  onnx: lower.binary('Pow'),
  api: scalarApi,
});

/** Whether any element of t is 0; O(1) for a broadcast scalar (every stride 0). */
function hasZero(t: Tensor): boolean {
  const d = t.data;
  if (d.stride.every((s) => s === 0)) return d.size > 0 && d.data[d.offset] === 0;
  return t.contiguousData().includes(0);
}
