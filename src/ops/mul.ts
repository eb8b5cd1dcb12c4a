import { elementwise } from '../tensor/elementwise.js';
import { kernel } from '../tensor/kernels/index.js';
import { run } from './run.js';
import { promoteWithScalar, scalarIn, type ScalarParams } from './scalar.js';
import type { OpDef } from './types.js';

const withScalar = elementwise(1, 'a * p');

/** d(a·b) = b·da + a·db */
export const mul: OpDef<ScalarParams> = {
  rule: 'mul: ga = g·b, gb = g·a',
  dtype: promoteWithScalar,
  broadcast: true,
  forward: ([a, b], p, dtype) => (p ? run(withScalar, dtype, a, undefined, undefined, scalarIn(p, dtype)) : run(kernel.mul, dtype, a, b)),
  vjp: (g, { inputs: [a, b], needs, params: p }) =>
    p ? [g.mul(p.scalar)] : [needs[0] ? g.mul(b) : null, needs[1] ? g.mul(a) : null],
};
