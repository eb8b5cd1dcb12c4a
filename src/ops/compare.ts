import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import type { OpDef } from './types.js';

/** A comparison: a 0/1 mask of the promoted dtype, never differentiable (no VJP). */
function comparison(name: string, expr: string): OpDef {
  const kernel = elementwise(2, `(${expr}) ? 1 : 0`);
  return { rule: `${name}: none (a 0/1 mask, not differentiable)`, dtype: 'promote', broadcast: true, forward: ([a, b], _, dtype) => run(kernel, dtype, a, b) };
}
export const lt = comparison('lt', 'a < b');
export const le = comparison('le', 'a <= b');
export const gt = comparison('gt', 'a > b');
export const ge = comparison('ge', 'a >= b');
export const eq = comparison('eq', 'a === b');
