import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { promoteWithScalar, scalarIn, type ScalarParams } from './scalar.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { scalarApi } from './operands.js';

const kernel = elementwise(2, 'a - b');
const minusScalar = elementwise(1, 'a - p');
const scalarMinus = elementwise(1, 'p - a');

/** a − b, broadcast, with add's dtype rule. d = da − db. */
export const sub = defineOp('sub', {
  // d(a − b) = da − db
  rule: 'sub: ga = g, gb = −g',
  dtype: promoteWithScalar,
  broadcast: true,
  forward: ([a, b], p: ScalarParams, dtype) =>
    p ? run(p.scalarFirst ? scalarMinus : minusScalar, dtype, a, undefined, undefined, scalarIn(p, dtype)) : run(kernel, dtype, a, b),
  vjp: (g, { needs, params: p }): Grads => (p ? [p.scalarFirst ? g.neg() : g] : [g, needs[1] ? g.neg() : null]),
  onnx: lower.binary('Sub'),
  api: scalarApi,
});
