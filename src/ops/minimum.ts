import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { tieShare } from './maximum.js';
import type { OpDef } from './types.js';

const kernel = elementwise(2, '(a < b || a !== a) ? a : (b !== b ? b : (a === b ? a : b))');

/** d min(a, b) = [a < b]·da + [b < a]·db; a tie splits the gradient evenly. */
export const minimum: OpDef = {
  rule: 'minimum: ga = g·[a < b], gb = g·[b < a]  (ties split evenly)',
  dtype: 'promote',
  broadcast: true,
  forward: ([a, b], _, dtype) => run(kernel, dtype, a, b),
  vjp: (g, { inputs: [a, b], needs }) => [
    needs[0] ? g.mul(tieShare(a.lt(b), a, b)) : null,
    needs[1] ? g.mul(tieShare(b.lt(a), a, b)) : null,
  ],
};
