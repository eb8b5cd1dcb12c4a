import { extremeVjp, nonEmpty, reduceForward, type ReduceParams } from './reduction.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import { reduceApi } from './operands.js';

/**
 * The largest value over dim (all when omitted), values only (see argmax for indices). Ties
 * split the gradient evenly; NaN propagates; an empty reduced dim is an error, as in PyTorch.
 */
export const max = defineOp('max', {
  // d max(x) = dx at the maximum; ties split the gradient evenly. NaN propagates.
  rule: 'max: g at the maximum (ties split evenly)',
  dtype: 'promote',
  check: nonEmpty('max'),
  forward: ([x], p: ReduceParams, dtype) => reduceForward(x, p, 'max', dtype),
  vjp: extremeVjp,
  onnx: lower.reduceKeepingNaN('ReduceMax'),
  api: reduceApi,
});
