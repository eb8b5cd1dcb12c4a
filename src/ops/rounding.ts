import { elementwise } from '../tensor/elementwise.js';
import { zeros } from '../tensor/create.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import { unaryApi } from './operands.js';
import type { Grads } from './types.js';

/** x rounded to the nearest integer, halves to the even neighbour (IEEE, NumPy, PyTorch): 0.5 → 0, 1.5 → 2, −2.5 → −2. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x); // halves go up
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * A step function: piecewise constant, so its derivative is 0 everywhere (also at the jumps,
 * where it does not exist; PyTorch makes the same choice). int32 input stays int32.
 */
function step(name: string, onnxOp: string, expr: string, helpers: Record<string, (x: number) => number> = {}) {
  const kernel = elementwise(1, expr, helpers);
  return defineOp(name, {
    rule: `${name}: 0 (a step function)`,
    dtype: 'promote',
    forward: ([x], _, dtype) => run(kernel, dtype, x),
    vjp: (g): Grads => [zeros(g.shape, { dtype: g.dtype })],
    onnx: lower.rounding(onnxOp),
    api: unaryApi,
  });
}
/** The largest integer ≤ x. Derivative 0 (also at the integers, where it jumps). */
export const floor = step('floor', 'Floor', 'Math.floor(a)');
/** The smallest integer ≥ x. Derivative 0. */
export const ceil = step('ceil', 'Ceil', 'Math.ceil(a)');
/** The nearest integer, halves to even as in PyTorch and NumPy (0.5 → 0, 1.5 → 2, −0.5 → −0). Derivative 0. */
export const round = step('round', 'Round', 'roundHalfEven(a)', { roundHalfEven });
