import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { tieShare } from './maximum.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { pairApi } from './operands.js';

const kernel = elementwise(2, '(a < b || a !== a) ? a : (b !== b ? b : (a === b ? a : b))');

/** Elementwise min(a, b), broadcast (torch.minimum); at a tie the gradient is split evenly. */
export const minimum = defineOp('minimum', {
  // d min(a, b) = [a < b]·da + [b < a]·db; a tie splits the gradient evenly.
  rule: 'minimum: ga = g·[a < b], gb = g·[b < a]  (ties split evenly)',
  dtype: 'promote',
  broadcast: true,
  forward: ([a, b], _, dtype) => run(kernel, dtype, a, b),
  vjp: (g, { inputs: [a, b], needs }): Grads => [
    needs[0] ? g.mul(tieShare(a.lt(b), a, b)) : null,
    needs[1] ? g.mul(tieShare(b.lt(a), a, b)) : null,
  ],
  onnx: lower.binary('Min'),
  api: pairApi,
});
