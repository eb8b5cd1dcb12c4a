import { extremeVjp, nonEmpty, reduceForward, type ReduceParams } from './reduction.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import { reduceApi } from './operands.js';

/**
 * The smallest value over dim (all when omitted); ties split the gradient evenly, NaN
 * propagates, an empty reduced dim is an error.
 */
export const min = defineOp('min', {
  // d min(x) = dx at the minimum; ties split the gradient evenly. NaN propagates.
  rule: 'min: g at the minimum (ties split evenly)',
  dtype: 'promote',
  check: nonEmpty('min'),
  forward: ([x], p: ReduceParams, dtype) => reduceForward(x, p, 'min', dtype),
  vjp: extremeVjp,
  onnx: lower.reduceKeepingNaN('ReduceMin'),
  api: reduceApi,
});
