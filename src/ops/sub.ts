import { elementwise } from '../tensor/kernels.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(2, 'a - b');

/** d(a − b) = da − db */
export const sub: OpDef = {
  dtype: 'promote',
  broadcast: true,
  forward: ([a, b], _, dtype) => run(kernel, dtype, a, b),
  vjp: (g, n) => [g, n.needs[1] ? g.neg() : null],
};
