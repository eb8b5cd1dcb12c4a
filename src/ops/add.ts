import { elementwise } from '../tensor/kernels.js';
import { run } from './run.js';
import { promoteWithScalar, scalarIn, type ScalarParams } from './scalar.js';
import type { OpDef } from './types.js';

const kernel = elementwise(2, 'a + b');
const withScalar = elementwise(1, 'a + p');

/** d(a + b) = da + db */
export const add: OpDef<ScalarParams> = {
  dtype: promoteWithScalar,
  broadcast: true,
  forward: ([a, b], p, dtype) => (p ? run(withScalar, dtype, a, undefined, undefined, scalarIn(p, dtype)) : run(kernel, dtype, a, b)),
  vjp: (g) => [g, g],
};
