import { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/create.js';
import { normal } from '../tensor/random.js';
import { noGrad } from './tape/state.js';
import { runBackward } from './tape/backward.js';
import { grad } from './functional.js';
import { concat } from '../ops/index.js';
import { checkOptions, oneOf } from '../tensor/options.js';

const gradcheckOptions = { eps: 'positive', atol: 'nonNegative', rtol: 'nonNegative', mode: oneOf('full', 'random') } as const;

export interface GradcheckOptions {
  /** Central-difference step. */
  eps?: number;
  atol?: number;
  rtol?: number;
  /** 'full' compares the whole Jacobian; 'random' one random projection (two forward passes). */
  mode?: 'full' | 'random';
}
export interface GradcheckReport {
  ok: boolean;
  maxAbsError: number;
  maxRelError: number;
  /** The worst entry: input position, flat element index (-1 for the random projection). */
  worst: { input: number; index: number; analytic: number; numeric: number } | null;
}

/**
 * Compares the tape's gradients of f with central finite differences (f(x+ε) − f(x−ε))/2ε, in
 * float64 (float32 differences give false alarms). An entry passes when
 * |analytic − numeric| ≤ atol + rtol·|numeric|; a NaN on either side fails, also NaN against NaN
 * (PyTorch's allclose without equal_nan). Only float inputs are checked; int32 inputs are
 * passed through.
 */
export function gradcheck(f: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts: GradcheckOptions = {}): GradcheckReport {
  checkOptions('gradcheck', opts, gradcheckOptions);
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, mode = 'full' } = opts;
  const xs = inputs.map((t) => (t.dtype === 'int32' ? t : tensor(Float64Array.from(t.contiguousData()), { shape: t.shape })));
  const checked = xs.flatMap((t, i) => (t.dtype === 'int32' ? [] : [i]));
  const evaluate = () => noGrad(() => Float64Array.from(f(...xs).contiguousData()));
  const y0 = evaluate();
  const report: GradcheckReport = { ok: true, maxAbsError: 0, maxRelError: 0, worst: null };
  let worstExcess = -Infinity;
  const compare = (input: number, index: number, analytic: number, numeric: number) => {
    const abs = Math.abs(analytic - numeric);
    const ok = abs <= atol + rtol * Math.abs(numeric); // NaN never passes, not even against NaN (PyTorch)
    report.maxAbsError = Math.max(report.maxAbsError, abs);
    report.maxRelError = Math.max(report.maxRelError, abs / Math.max(Math.abs(numeric), atol));
    const excess = Number.isNaN(abs) ? Infinity : abs - (atol + rtol * Math.abs(numeric));
    if (!ok) report.ok = false;
    if (excess > worstExcess) {
      worstExcess = excess;
      report.worst = { input, index, analytic, numeric };
    }
  };
  // Analytic gradients of Σ v·f for a seed v, through a graph rebuilt each call.
  const analytic = (v: Float64Array): Float64Array[] => {
    const leaves = xs.map((t, i) => (checked.includes(i) ? new Tensor(t.data, t.dtype, true) : t));
    const out = f(...leaves);
    const seed = tensor(Float64Array.from(v), { shape: out.shape }).to(out.dtype);
    const got = out.requiresGrad ? runBackward(out, seed, leaves.filter((_, i) => checked.includes(i)), {}) : new Map();
    return leaves.map((l) => {
      const g = got.get(l) as Tensor | undefined;
      return g ? Float64Array.from(g.contiguousData()) : new Float64Array(l.size);
    });
  };
  const storage = (i: number) => xs[i].data.data as Float64Array;

  if (mode === 'full') {
    const jac = Array.from({ length: y0.length }, (_, o) => {
      const v = new Float64Array(y0.length);
      v[o] = 1;
      return analytic(v);
    });
    for (const i of checked) {
      const d = storage(i);
      for (let k = 0; k < d.length; k++) {
        const keep = d[k];
        d[k] = keep + eps;
        const plus = evaluate();
        d[k] = keep - eps;
        const minus = evaluate();
        d[k] = keep;
        for (let o = 0; o < y0.length; o++) compare(i, k, jac[o][i][k], (plus[o] - minus[o]) / (2 * eps));
      }
    }
  } else {
    const v = Float64Array.from(y0, () => normal());
    const dirs = xs.map((t) => Float64Array.from({ length: t.size }, () => normal()));
    const grads = analytic(v);
    let a = 0;
    for (const i of checked) for (let k = 0; k < dirs[i].length; k++) a += grads[i][k] * dirs[i][k];
    const shifted = (sign: number) => {
      const saved = checked.map((i) => storage(i).slice());
      checked.forEach((i) => storage(i).forEach((x, k, d) => (d[k] = x + sign * eps * dirs[i][k])));
      const y = evaluate();
      checked.forEach((i, j) => storage(i).set(saved[j]));
      return y.reduce((s, yo, o) => s + yo * v[o], 0);
    };
    compare(-1, -1, a, (shifted(1) - shifted(-1)) / (2 * eps));
  }
  return report;
}

/** gradcheck that throws with the report when a gradient is off. */
export function assertGradcheck(f: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts?: GradcheckOptions): GradcheckReport {
  const report = gradcheck(f, inputs, opts);
  if (!report.ok) {
    throw new Error(`gradcheck failed: ${describeWorst(report)}`);
  }
  return report;
}

/**
 * Second-order gradcheck (PyTorch's gradgradcheck): checks the gradient of the gradient. With a
 * random cotangent w shaped like f's output, g(x, w) = ∇ₓ Σ w·f(x) (a recorded backward pass) is
 * itself checked by gradcheck against central differences, with respect to x and to w. Every VJP
 * on the way must be written in differentiable ops.
 */
export function gradgradcheck(f: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts: GradcheckOptions = {}): GradcheckReport {
  checkOptions('gradgradcheck', opts, gradcheckOptions);
  const floatArgs = inputs.flatMap((t, i) => (t.dtype === 'int32' ? [] : [i]));
  const shape = noGrad(() => f(...inputs)).shape;
  const w = tensor(Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => normal()), { shape });
  const firstGrad = (...xsAndW: Tensor[]) => {
    const xs = xsAndW.slice(0, -1), cot = xsAndW[xsAndW.length - 1];
    const gs = grad((...ys: Tensor[]) => f(...ys).mul(cot).sum(), floatArgs)(...xs);
    return concat(gs.map((g) => g.reshape(-1)), 0);
  };
  return gradcheck(firstGrad, [...inputs, w], opts);
}

/** gradgradcheck that throws with the report when a second derivative is off. */
export function assertGradgradcheck(f: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts?: GradcheckOptions): GradcheckReport {
  const report = gradgradcheck(f, inputs, opts);
  if (!report.ok) throw new Error(`gradgradcheck failed: ${describeWorst(report)}`);
  return report;
}

function describeWorst(report: GradcheckReport): string {
  const w = report.worst!;
  return `input ${w.input}, element ${w.index}: analytic ${w.analytic}, numeric ${w.numeric} (max abs error ${report.maxAbsError.toExponential(3)}, max rel error ${report.maxRelError.toExponential(3)})`;
}
