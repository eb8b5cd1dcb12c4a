import { reduceForward, spread, type ReduceParams } from './reduction.js';
import { where } from './where.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { reduceApi } from './operands.js';

/** Πx over dim (all when omitted); the gradient is exact with zeros in the input (no division by x). */
export const prod = defineOp('prod', {
  // d Πx = Σᵢ (Π_{j≠i} xⱼ)·dxᵢ. Exact with zeros too: with no zero the product of the others is
  // Π/xᵢ; with exactly one zero only that element gets the product of the nonzero ones; with two or
  // more, every such product is 0.
  rule: 'prod: g·Π/xᵢ  (zeros handled exactly)',
  dtype: 'promote',
  forward: ([x], p: ReduceParams, dtype) => reduceForward(x, p, 'prod', dtype),
  vjp: (g, { inputs: [x], params }): Grads => {
    const isZero = x.eq(0);
    const zeros = spread(isZero.sum(params.dims, params.keepdim), x, params);
    const nonzeroProd = spread(where(isZero, 1, x).prod(params.dims, params.keepdim), x, params);
    const others = where(zeros.eq(0), nonzeroProd.div(where(isZero, 1, x)), where(zeros.eq(1).mul(isZero), nonzeroProd, 0));
    return [spread(g, x, params).mul(others)];
  },
  onnx: lower.reduce('ReduceProd'),
  api: reduceApi,
});
