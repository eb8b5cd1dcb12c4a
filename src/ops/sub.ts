import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { promoteWithScalar, scalarIn, type ScalarParams } from './scalar.js';
import type { OpDef } from './types.js';

const kernel = elementwise(2, 'a - b');
const minusScalar = elementwise(1, 'a - p');
const scalarMinus = elementwise(1, 'p - a');

/** d(a − b) = da − db */
export const sub: OpDef<ScalarParams> = {
  rule: 'sub: ga = g, gb = −g',
  dtype: promoteWithScalar,
  broadcast: true,
  forward: ([a, b], p, dtype) =>
    p ? run(p.scalarFirst ? scalarMinus : minusScalar, dtype, a, undefined, undefined, scalarIn(p, dtype)) : run(kernel, dtype, a, b),
  vjp: (g, { needs, params: p }) => (p ? [p.scalarFirst ? g.neg() : g] : [g, needs[1] ? g.neg() : null]),
};
