import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { where as whereOp } from './api.js';
import type { OpDef } from './types.js';
import { promote } from '../tensor/dtype.js';

const kernel = elementwise(3, 'a !== 0 ? b : c');

/**
 * where(c, a, b) = c ? a : b. d = [c]·da + [¬c]·db: the unpicked branch gets exactly 0, so an
 * unsafe branch (log of a negative, 1/0) must be sanitised at its input, not here.
 */
export const where: OpDef = {
  rule: 'where(c, a, b): ga = g·c, gb = g·(1 − c)',
  dtype: ([, a, b]) => promote(a.dtype, b.dtype),
  broadcast: true,
  forward: ([c, a, b], _, dtype) => run(kernel, dtype, c, a, b),
  vjp: (g, { inputs: [c], needs }) => [
    null,
    needs[1] ? whereOp(c, g, 0) : null,
    needs[2] ? whereOp(c, 0, g) : null,
  ],
};
