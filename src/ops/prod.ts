import { reduceForward, spread, type ReduceParams } from './reduction.js';
import { where } from './api.js';
import type { OpDef } from './types.js';

/**
 * d Πx = Σᵢ (Π_{j≠i} xⱼ)·dxᵢ. Exact with zeros too: with no zero the product of the others is
 * Π/xᵢ; with exactly one zero only that element gets the product of the nonzero ones; with two or
 * more, every such product is 0.
 */
export const prod: OpDef<ReduceParams> = {
  rule: 'prod: g·Π/xᵢ  (zeros handled exactly)',
  dtype: 'promote',
  forward: ([x], p, dtype) => reduceForward(x, p, 'prod', dtype),
  vjp: (g, { inputs: [x], params }) => {
    const isZero = x.eq(0);
    const zeros = spread(isZero.sum(params.dims, params.keepdim), x, params);
    const nonzeroProd = spread(where(isZero, 1, x).prod(params.dims, params.keepdim), x, params);
    const others = where(zeros.eq(0), nonzeroProd.div(where(isZero, 1, x)), where(zeros.eq(1).mul(isZero), nonzeroProd, 0));
    return [spread(g, x, params).mul(others)];
  },
};
