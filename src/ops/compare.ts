import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import { pairApi } from './operands.js';

/** A comparison: a 0/1 mask of the promoted dtype, never differentiable (no VJP). */
function comparison(name: string, expr: string, onnxOp: string) {
  const kernel = elementwise(2, `(${expr}) ? 1 : 0`);
  return defineOp(name, {
    rule: `${name}: none (a 0/1 mask, not differentiable)`,
    dtype: 'promote',
    broadcast: true,
    forward: ([a, b], _, dtype) => run(kernel, dtype, a, b),
    onnx: lower.compare(onnxOp),
    api: pairApi,
  });
}
/** a < b as a 0/1 mask of the promoted dtype (not a boolean tensor); never differentiable. */
export const lt = comparison('lt', 'a < b', 'Less');
/** a ≤ b as a 0/1 mask of the promoted dtype; never differentiable. */
export const le = comparison('le', 'a <= b', 'LessOrEqual');
/** a > b as a 0/1 mask of the promoted dtype; never differentiable. */
export const gt = comparison('gt', 'a > b', 'Greater');
/** a ≥ b as a 0/1 mask of the promoted dtype; never differentiable. */
export const ge = comparison('ge', 'a >= b', 'GreaterOrEqual');
/** a = b (exact equality) as a 0/1 mask of the promoted dtype; never differentiable. See isclose for floats. */
export const eq = comparison('eq', 'a === b', 'Equal');
