import { reduceForward, spread, type ReduceParams } from './reduction.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { reduceApi } from './operands.js';

/**
 * Σx over dim (one or several; all when omitted), keeping reduced dims as size 1 with keepdim.
 * int32 stays int32. d = dx broadcast back over the reduced dims.
 */
export const sum = defineOp('sum', {
  // d Σx = dx broadcast back over the reduced dims.
  rule: 'sum: g broadcast back over the reduced dims',
  dtype: 'promote',
  forward: ([x], p: ReduceParams, dtype) => reduceForward(x, p, 'sum', dtype),
  vjp: (g, { inputs: [x], params }): Grads => [spread(g, x, params)],
  onnx: lower.reduce('ReduceSum'),
  api: reduceApi,
});
