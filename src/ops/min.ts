import { reduceForward, type ReduceParams } from './reduction.js';
import { extremeVjp, nonEmpty } from './max.js';
import type { OpDef } from './types.js';

/** d min(x) = dx at the minimum; ties split the gradient evenly. NaN propagates. */
export const min: OpDef<ReduceParams> = {
  rule: 'min: g at the minimum (ties split evenly)',
  dtype: 'promote',
  check: nonEmpty('min'),
  forward: ([x], p, dtype) => reduceForward(x, p, 'min', dtype),
  vjp: extremeVjp,
};
