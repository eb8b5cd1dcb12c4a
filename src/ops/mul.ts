import { elementwise } from '../tensor/kernels.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

const kernel = elementwise(2, 'a * b');

/** d(a·b) = b·da + a·db */
export const mul: OpDef = {
  dtype: 'promote',
  broadcast: true,
  forward: ([a, b], _, dtype) => run(kernel, dtype, a, b),
  vjp: (g, { inputs: [a, b], needs }) => [needs[0] ? g.mul(b) : null, needs[1] ? g.mul(a) : null],
};
