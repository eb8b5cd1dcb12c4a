/**
 * Seeded synthetic datasets as plain typed arrays (no Tensor: wrap them with
 * `tensor(x, { shape })`). Every generator takes a seed and returns the same data for the
 * same arguments on every platform; rows come out shuffled so a batcher without shuffling
 * still sees mixed classes.
 *
 * Layout: `x` is row-major `n × d` (`shape` gives `[n, d]`), `y` holds class indices
 * (Int32Array) for classification and targets (Float32Array) for regression.
 */
import { Generator } from '../tensor/random.js';
import { checkOptions, type Domain } from '../tensor/options.js';

// ---------------------------------------------------------------------------------------------
// Seeded streams: tapegrad's Generator (xoshiro128**), a fresh one per call seeded from `seed`

/** What the generators draw from (a `Generator` fits it). */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
}

/** A seed, or a Generator to draw from (which the call then advances). */
export type Seed = number | Generator;

/** A seed option: a finite number or a Generator. */
export const seedDomain: Domain = { want: 'a finite number or a Generator', ok: (v) => (typeof v === 'number' && Number.isFinite(v)) || v instanceof Generator };

/** A fresh Generator for a numeric seed; a Generator is used as it is. */
export function createRng(seed: Seed = 0): Generator {
  return typeof seed === 'number' ? new Generator(seed) : seed;
}

/** The stream that shuffles the rows: a different one than the points' for a numeric seed. */
const shuffleRng = (seed: Seed): Generator => (typeof seed === 'number' ? new Generator(seed ^ 0x5bd1e995) : seed);

/** A seeded random permutation of 0..n-1 (Fisher–Yates). */
export function permutation(n: number, seed: Seed = 0): Int32Array {
  return createRng(seed).permutation(n);
}

// ---------------------------------------------------------------------------------------------
// Result types

export interface ClassificationData {
  /** Row-major n × 2 features. */
  x: Float32Array;
  /** Class index per row. */
  y: Int32Array;
  n: number;
  shape: [number, number];
}

export interface RegressionData {
  /** One feature per row (n × 1). */
  x: Float32Array;
  y: Float32Array;
  n: number;
  shape: [number, number];
}

// ---------------------------------------------------------------------------------------------
// Helpers

function checkCount(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name}: n must be a positive integer, got ${n}`);
}

/** Writes rows (and their labels) to fresh arrays in a seeded random order. */
function shuffled2d(xs: number[], ys: number[], d: number, seed: Seed): { x: Float32Array; y: Int32Array } {
  const n = ys.length;
  // A different stream than the one that generated the points.
  const p = shuffleRng(seed).permutation(n);
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const src = p[i]!;
    for (let k = 0; k < d; k++) x[i * d + k] = xs[src * d + k]!;
    y[i] = ys[src]!;
  }
  return { x, y };
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`normalQuantile: p must be in [0, 1], got ${p}`);
  }
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

// ---------------------------------------------------------------------------------------------
// Classification

/**
 * Two interleaving half circles (as scikit-learn's make_moons): class 0 is the upper moon
 * (cos t, sin t), class 1 the lower one (1 − cos t, 0.5 − sin t), t uniform in [0, π], plus
 * Gaussian noise of standard deviation `noise` on both coordinates. x spans about [−1, 2] × [−0.5, 1].
 */
export function twoMoons(n: number, opts: { noise?: number; seed?: Seed } = {}): ClassificationData {
  checkOptions('twoMoons', opts, { noise: 'nonNegative', seed: seedDomain });
  const { noise = 0.1, seed = 0 } = opts;
  checkCount(n, 'twoMoons');
  const rng = createRng(seed);
  const xs: number[] = [];
  const ys: number[] = [];
  const nOuter = Math.ceil(n / 2);
  for (let i = 0; i < n; i++) {
    const t = Math.PI * rng.uniform();
    const outer = i < nOuter;
    const px = outer ? Math.cos(t) : 1 - Math.cos(t);
    const py = outer ? Math.sin(t) : 0.5 - Math.sin(t);
    xs.push(px + noise * rng.normal(), py + noise * rng.normal());
    ys.push(outer ? 0 : 1);
  }
  return { ...shuffled2d(xs, ys, 2, seed), n, shape: [n, 2] };
}

/**
 * `classes` interleaved spiral arms (as in CS231n): arm k has radius r from 0 to 1 and angle
 * 2πk/classes + 4r (+ Gaussian noise of standard deviation `noise` radians). Points per class
 * differ by at most one. x lies in [−1, 1]².
 */
export function spirals(
  n: number,
  opts: { classes?: number; noise?: number; seed?: Seed } = {},
): ClassificationData {
  checkOptions('spirals', opts, { classes: 'any', noise: 'nonNegative', seed: seedDomain });
  const { classes = 3, noise = 0.2, seed = 0 } = opts;
  checkCount(n, 'spirals');
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`spirals: classes must be an integer >= 2, got ${classes}`);
  const rng = createRng(seed);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 0; k < classes; k++) {
    const m = Math.floor(n / classes) + (k < n % classes ? 1 : 0);
    for (let i = 0; i < m; i++) {
      const r = m === 1 ? 1 : i / (m - 1);
      const t = (2 * Math.PI * k) / classes + 4 * r + noise * rng.normal();
      xs.push(r * Math.sin(t), r * Math.cos(t));
      ys.push(k);
    }
  }
  return { ...shuffled2d(xs, ys, 2, seed), n, shape: [n, 2] };
}

/**
 * 2-D Gaussian blobs for embedding demos. `centers` is either a count (the centers then sit
 * evenly on a circle of radius 3) or explicit coordinates; each point is its center plus
 * isotropic Gaussian noise of standard deviation `spread`. Points per cluster differ by at most one.
 */
export function gaussianClusters(
  n: number,
  opts: { centers?: number | Array<[number, number]>; spread?: number; seed?: Seed } = {},
): ClassificationData & { centers: Array<[number, number]> } {
  checkOptions('gaussianClusters', opts, { centers: 'any', spread: 'nonNegative', seed: seedDomain });
  const { centers = 4, spread = 0.5, seed = 0 } = opts;
  checkCount(n, 'gaussianClusters');
  let cs: Array<[number, number]>;
  if (typeof centers === 'number') {
    if (!Number.isInteger(centers) || centers < 1) throw new RangeError(`gaussianClusters: centers must be a positive integer, got ${centers}`);
    cs = Array.from({ length: centers }, (_, k): [number, number] => {
      const a = (2 * Math.PI * k) / centers + Math.PI / 2;
      return [3 * Math.cos(a), 3 * Math.sin(a)];
    });
  } else {
    if (centers.length < 1) throw new RangeError('gaussianClusters: centers must not be empty');
    cs = centers.map(([a, b]): [number, number] => [a, b]);
  }
  const rng = createRng(seed);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 0; k < cs.length; k++) {
    const m = Math.floor(n / cs.length) + (k < n % cs.length ? 1 : 0);
    const [cx, cy] = cs[k]!;
    for (let i = 0; i < m; i++) {
      xs.push(cx + spread * rng.normal(), cy + spread * rng.normal());
      ys.push(k);
    }
  }
  return { ...shuffled2d(xs, ys, 2, seed), n, shape: [n, 2], centers: cs };
}

/**
 * Two overlapping 2-D classes with a rare positive class: exactly round(n · minorityFraction)
 * rows (at least 1) of class 1, drawn from N((1.75, 1.75), 0.7²·I); the rest class 0 from
 * N((0, 0), I). The Bayes boundary leaves a few percent of each class on the wrong side.
 */
export function imbalanced(
  n: number,
  opts: { minorityFraction?: number; seed?: Seed } = {},
): ClassificationData & { counts: [number, number] } {
  checkOptions('imbalanced', opts, { minorityFraction: 'any', seed: seedDomain });
  const { minorityFraction = 0.05, seed = 0 } = opts;
  checkCount(n, 'imbalanced');
  if (!(minorityFraction > 0 && minorityFraction < 1)) throw new RangeError(`imbalanced: minorityFraction must be in (0, 1), got ${minorityFraction}`);
  if (n < 2) throw new RangeError('imbalanced: n must be at least 2');
  const nMinor = Math.min(n - 1, Math.max(1, Math.round(n * minorityFraction)));
  const rng = createRng(seed);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const minor = i < nMinor;
    if (minor) xs.push(1.75 + 0.7 * rng.normal(), 1.75 + 0.7 * rng.normal());
    else xs.push(rng.normal(), rng.normal());
    ys.push(minor ? 1 : 0);
  }
  return { ...shuffled2d(xs, ys, 2, seed), n, shape: [n, 2], counts: [n - nMinor, nMinor] };
}

// ---------------------------------------------------------------------------------------------
// Regression

/**
 * y = slope · x + intercept + N(0, noise²), x uniform in `xRange`, with a fraction of rows
 * replaced by gross outliers. The outliers are one-sided high-leverage points: x in the top 30%
 * of the range and y pulled *down* by U(0.5, 1) · (|slope| · span / 2 + 5), so a least-squares
 * fit is visibly dragged (slope and intercept) while robust losses recover the line.
 * `isOutlier[i]` is 1 for those rows. Exactly round(n · outlierFraction) outliers.
 */
export function linearWithOutliers(
  n: number,
  opts: { slope?: number; intercept?: number; noise?: number; outlierFraction?: number; xRange?: [number, number]; seed?: Seed } = {},
): RegressionData & { isOutlier: Uint8Array; slope: number; intercept: number } {
  checkOptions('linearWithOutliers', opts, { slope: 'real', intercept: 'real', noise: 'nonNegative', outlierFraction: 'any', xRange: 'any', seed: seedDomain });
  const { slope = 2, intercept = 1, noise = 0.5, outlierFraction = 0.1, xRange = [-3, 3], seed = 0 } = opts;
  checkCount(n, 'linearWithOutliers');
  if (!(outlierFraction >= 0 && outlierFraction < 1)) throw new RangeError(`linearWithOutliers: outlierFraction must be in [0, 1), got ${outlierFraction}`);
  const [x0, x1] = xRange;
  const span = x1 - x0;
  const nOut = Math.round(n * outlierFraction);
  const rng = createRng(seed);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const out = i < nOut;
    const x = out ? rng.range(x0 + 0.7 * span, x1) : rng.range(x0, x1);
    let y = slope * x + intercept + noise * rng.normal();
    if (out) y -= rng.range(0.5, 1) * (Math.abs(slope) * span * 0.5 + 5);
    xs.push(x);
    ys.push(y);
  }
  const p = shuffleRng(seed).permutation(n);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const isOutlier = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const s = p[i]!;
    x[i] = xs[s]!;
    y[i] = ys[s]!;
    isOutlier[i] = s < nOut ? 1 : 0;
  }
  return { x, y, n, shape: [n, 1], isOutlier, slope, intercept };
}

/**
 * Heteroscedastic data for quantile regression: x uniform in [0, 4],
 * y = 1 + 0.8·x + wiggle·sin(2x) + (0.15 + 0.35·x) · N(0, 1): the noise scale grows with x.
 * With `wiggle = 0` every conditional quantile is linear in x (a linear model can fit it
 * exactly); the default 0.4 needs a small MLP.
 * `quantile(q, x)` gives the true conditional q-quantile (for plotting the target band),
 * `mean(x)` the conditional mean (= median).
 */
export function heteroscedastic(
  n: number,
  opts: { wiggle?: number; seed?: Seed } = {},
): RegressionData & { mean: (x: number) => number; quantile: (q: number, x: number) => number } {
  checkOptions('heteroscedastic', opts, { wiggle: 'real', seed: seedDomain });
  const { wiggle = 0.4, seed = 0 } = opts;
  checkCount(n, 'heteroscedastic');
  const mean = (x: number): number => 1 + 0.8 * x + wiggle * Math.sin(2 * x);
  const scale = (x: number): number => 0.15 + 0.35 * x;
  const rng = createRng(seed);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const xi = 4 * rng.uniform();
    x[i] = xi;
    y[i] = mean(xi) + scale(xi) * rng.normal();
  }
  return { x, y, n, shape: [n, 1], mean, quantile: (q, xi) => mean(xi) + scale(xi) * normalQuantile(q) };
}
