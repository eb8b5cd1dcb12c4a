import type { Tensor } from '../tensor/tensor.js';
import type { BackwardStep, StepTarget } from '../autograd/steps.js';
import { checkOptions } from '../tensor/options.js';
import { norm, paramNames, type ParamSource } from './walk.js';

export interface PrintStepsOptions {
  /** Names for the parameter leaves (`model` or `model.namedParameters()`). */
  params?: ParamSource;
  /** How many values of each gradient to show (default 4). */
  values?: number;
}

/**
 * The steps of {@link backwardSteps} as text, one block per step: the node, its op, scope and
 * shape, the rule, the incoming gradient (a few values and its norm), and each contribution with
 * the input's running total where contributions accumulate (fan-out):
 *   step 2  #5 square [4]  (in mse)   square: 2·g·x
 *     g = [0.25, 0.25, 0.25, 0.25]  ‖g‖ 0.5
 *     → #4  [-0.5, 1, 0, 2]  ‖·‖ 2.29
 */
export function printSteps(steps: readonly BackwardStep[], opts: PrintStepsOptions = {}): string {
  checkOptions('printSteps', opts, { params: 'any', values: 'nonNegativeInt' });
  const names = paramNames(opts.params);
  const k = opts.values ?? 4;
  const target = (t: StepTarget): string => (t.node !== null ? `#${t.node}` : names.get(t.tensor) ?? `leaf ${t.leaf}`);
  const lines: string[] = [];
  for (const s of steps) {
    const where = s.scope ? `  (in ${s.scope})` : '';
    const head = s.op === 'seed' ? `seed the root ${s.node === null ? '(a leaf)' : `#${s.node}`}` : `#${s.node} ${s.op}`;
    lines.push(`step ${s.index}  ${head} [${s.shape.join(',')}]${where}   ${s.rule}`);
    const sum = s.from.length > 1 ? `  (the sum of ${s.from.length} contributions: ${s.from.map((id) => `#${id}`).join(' + ')})` : '';
    lines.push(`  g = ${preview(s.incoming, k)}  ‖g‖ ${fmt(norm(s.incoming))}${sum}`);
    for (const c of s.contributions) {
      const acc = c.count > 1 ? `   (contribution ${c.count}: total ‖·‖ ${fmt(norm(c.total))})` : '';
      lines.push(`  → ${target(c)}  ${preview(c.grad, k)}  ‖·‖ ${fmt(norm(c.grad))}${acc}`);
    }
  }
  return lines.join('\n');
}

/** The first `k` values of t, flattened ('[0.25, -1, …]' when there are more). */
export function preview(t: Tensor, k = 4): string {
  const v = t.contiguousData();
  const shown = Array.from(v.subarray(0, k), (x) => fmt(Number(x)));
  return `[${shown.join(', ')}${v.length > k ? ', …' : ''}]`;
}

/** A number in 4 significant digits, or in exponent form outside [1e-3, 1e4). */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e4 ? String(Number(v.toPrecision(4))) : v.toExponential(2);
}
