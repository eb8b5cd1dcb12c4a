import { elementwise } from '../tensor/elementwise.js';
import { kernel } from '../tensor/kernels/index.js';
import { run } from './run.js';
import { promoteWithScalar, scalarIn, type ScalarParams } from './scalar.js';
import type { OpDef } from './types.js';

const withScalar = elementwise(1, 'a + p');

/** d(a + b) = da + db */
export const add: OpDef<ScalarParams> = {
  rule: 'add: ga = g, gb = g  (each summed back over its broadcast dims)',
  dtype: promoteWithScalar,
  broadcast: true,
  forward: ([a, b], p, dtype) => (p ? run(withScalar, dtype, a, undefined, undefined, scalarIn(p, dtype)) : run(kernel.add, dtype, a, b)),
  vjp: (g) => [g, g],
};
