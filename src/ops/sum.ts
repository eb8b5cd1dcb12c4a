import { reduceForward, spread, type ReduceParams } from './reduction.js';
import type { OpDef } from './types.js';

/** d Σx = dx broadcast back over the reduced dims. */
export const sum: OpDef<ReduceParams> = {
  rule: 'sum: g broadcast back over the reduced dims',
  dtype: 'promote',
  forward: ([x], p, dtype) => reduceForward(x, p, 'sum', dtype),
  vjp: (g, { inputs: [x], params }) => [spread(g, x, params)],
};
