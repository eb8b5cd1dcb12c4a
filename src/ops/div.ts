import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { scalarIn, type ScalarParams } from './scalar.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { scalarApi } from './operands.js';

const kernel = elementwise(2, 'a / b');
const byScalar = elementwise(1, 'a / p');
const scalarBy = elementwise(1, 'p / a');

/**
 * a / b elementwise, broadcast; always a float result (int32 / int32 gives float32, true division).
 * d = da/b − (a/b²)·db.
 */
export const div = defineOp('div', {
  // d(a/b) = da/b − (a/b²)·db
  rule: 'div: ga = g/b, gb = −g·a/b²',
  dtype: 'float',
  broadcast: true,
  forward: ([a, b], p: ScalarParams, dtype) =>
    p ? run(p.scalarFirst ? scalarBy : byScalar, dtype, a, undefined, undefined, scalarIn(p, dtype)) : run(kernel, dtype, a, b),
  vjp: (g, { inputs: [a, b], out, needs, params: p }): Grads => {
    if (p) return [p.scalarFirst ? g.mul(out).div(a).neg() : g.div(p.scalar)];
    const ga = g.div(b);
    return [needs[0] ? ga : null, needs[1] ? ga.mul(out).neg() : null];
  },
  onnx: lower.binary('Div'),
  api: scalarApi,
});
