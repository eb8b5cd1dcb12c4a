import { elementwise } from '../tensor/elementwise.js';
import { kernel } from '../tensor/kernels/index.js';
import { run } from './run.js';
import { promoteWithScalar, scalarIn, type ScalarParams } from './scalar.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { scalarApi } from './operands.js';

const withScalar = elementwise(1, 'a * p');

/** a · b elementwise, broadcast, with add's dtype rule. d = b·da + a·db. */
export const mul = defineOp('mul', {
  // d(a·b) = b·da + a·db
  rule: 'mul: ga = g·b, gb = g·a',
  dtype: promoteWithScalar,
  broadcast: true,
  forward: ([a, b], p: ScalarParams, dtype) => (p ? run(withScalar, dtype, a, undefined, undefined, scalarIn(p, dtype)) : run(kernel.mul, dtype, a, b)),
  vjp: (g, { inputs: [a, b], needs, params: p }): Grads =>
    p ? [g.mul(p.scalar)] : [needs[0] ? g.mul(b) : null, needs[1] ? g.mul(a) : null],
  onnx: lower.binary('Mul'),
  api: scalarApi,
});
