import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { pairApi } from './operands.js';
import type { Tensor } from '../tensor/tensor.js';

const kernel = elementwise(2, '(a > b || a !== a) ? a : (b !== b ? b : (a === b ? a : b))');

/** Share of the gradient that goes to `a` in max(a, b) or min(a, b): 1, 0, or ½ at a tie. */
export function tieShare(winner: Tensor, a: Tensor, b: Tensor): Tensor {
  return winner.add(a.eq(b).mul(0.5));
}

/** Elementwise max(a, b), broadcast (torch.maximum); at a tie the gradient is split evenly. */
export const maximum = defineOp('maximum', {
  // d max(a, b) = [a > b]·da + [b > a]·db; a tie splits the gradient evenly.
  rule: 'maximum: ga = g·[a > b], gb = g·[b > a]  (ties split evenly)',
  dtype: 'promote',
  broadcast: true,
  forward: ([a, b], _, dtype) => run(kernel, dtype, a, b),
  vjp: (g, { inputs: [a, b], needs }): Grads => [
    needs[0] ? g.mul(tieShare(a.gt(b), a, b)) : null,
    needs[1] ? g.mul(tieShare(b.gt(a), a, b)) : null,
  ],
  onnx: lower.binary('Max'),
  api: pairApi,
});
