import { elementwise } from '../tensor/elementwise.js';
import { kernel } from '../tensor/kernels/index.js';
import { run } from './run.js';
import { promoteWithScalar, scalarIn, type ScalarParams } from './scalar.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { scalarApi } from './operands.js';

const withScalar = elementwise(1, 'a + p');

/**
 * a + b, broadcast (torch.add). Tensors promote float64 > float32 > int32; a JS number takes the
 * tensor's dtype, except that a number int32 cannot hold turns an int32 tensor float32. d = da + db.
 */
export const add = defineOp('add', {
  // d(a + b) = da + db
  rule: 'add: ga = g, gb = g  (each summed back over its broadcast dims)',
  dtype: promoteWithScalar,
  broadcast: true,
  forward: ([a, b], p: ScalarParams, dtype) => (p ? run(withScalar, dtype, a, undefined, undefined, scalarIn(p, dtype)) : run(kernel.add, dtype, a, b)),
  vjp: (g): Grads => [g, g],
  onnx: lower.binary('Add'),
  api: scalarApi,
});
