import { elementwise } from '../tensor/kernels.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(2, 'a / b');

/** d(a/b) = da/b − (a/b²)·db */
export const div: OpDef = {
  dtype: 'float',
  broadcast: true,
  forward: ([a, b], _, dtype) => run(kernel, dtype, a, b),
  vjp: (g, { inputs: [, b], out, needs }) => {
    const ga = g.div(b);
    return [needs[0] ? ga : null, needs[1] ? ga.mul(out).neg() : null];
  },
};
