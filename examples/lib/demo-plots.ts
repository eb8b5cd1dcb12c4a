/**
 * Exercises the example helpers without the engine: synthetic data, the progress reporter,
 * terminal charts, and one SVG of each kind written to examples/out/demo-*.svg.
 *
 *   npx tsx examples/lib/demo-plots.ts
 */
import { Progress, type ProgressStream } from './progress.js';
import { asciiChart, sparkline } from './terminal-chart.js';
import { decisionBoundary, lineChart, scatterChart, writeSvg } from './svg.js';
import {
  createRng,
  gaussianClusters,
  heteroscedastic,
  imbalanced,
  linearWithOutliers,
  spirals,
  twoMoons,
  type ClassificationData,
} from '../../src/data/sources.js';
import { loadDigits, loadIris } from '../../src/datasets/sources.js';

const written: string[] = [];
const save = (name: string, svg: string) => written.push(writeSvg(name, svg));

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* simulate work */
  }
}

// --- progress: a fake training run ---------------------------------------------------------
const rng = createRng(7);
const epochs = 4;
const batchesPerEpoch = 50;
const progress = new Progress({ epochs, batchesPerEpoch, label: 'demo', batchSize: 32 });
const epochLoss: number[] = [];
const testLoss: number[] = [];
for (let epoch = 0; epoch < epochs; epoch++) {
  for (let batch = 0; batch < batchesPerEpoch; batch++) {
    const step = epoch * batchesPerEpoch + batch;
    const loss = 2.3 * Math.exp(-step / 40) + 0.05 + 0.08 * Math.abs(rng.normal()) * Math.exp(-step / 120);
    progress.update({ epoch, batch, loss });
    busy(4);
  }
  const s = progress.endEpoch({ 'test acc': 0.6 + 0.09 * epoch });
  epochLoss.push(s.meanLoss);
  testLoss.push(s.meanLoss * 1.1 + 0.02);
}
progress.done({ 'final acc': 0.87 });

// The same run in plain mode, captured, to show what CI logs look like.
let captured = '';
const sink: ProgressStream = { write: (s: string) => (captured += s), isTTY: false };
const plain = new Progress({ epochs: 2, batchesPerEpoch: 3, label: 'plain', mode: 'plain', stream: sink });
for (let e = 0; e < 2; e++) {
  for (let b = 0; b < 3; b++) plain.update({ epoch: e, batch: b, loss: 1 / (1 + e * 3 + b) });
  plain.endEpoch({ acc: 0.5 + e / 4 });
}
plain.done();
console.log('\nplain-mode output:\n' + captured);

// --- terminal charts -------------------------------------------------------------------------
const losses = progress.batchLosses;
console.log('sparkline:', sparkline(losses, { width: 40 }));
console.log(asciiChart(losses, { title: 'loss per batch (area)', height: 8, width: 60 }));
console.log(asciiChart(losses, { title: 'loss per batch (braille line, log y)', height: 6, width: 60, style: 'line', logY: true }));
console.log(asciiChart(epochLoss, { title: 'loss per epoch (interpolated)', height: 5, width: 30, xRange: [1, epochs] }));

// --- line charts -------------------------------------------------------------------------------
const steps = losses.map((_, i) => i / batchesPerEpoch);
const epochX = epochLoss.map((_, i) => i + 1);
save(
  'demo-loss.svg',
  lineChart({
    title: 'Training loss',
    xLabel: 'epoch',
    yLabel: 'loss',
    series: [
      { name: 'train (per batch)', x: steps, y: losses },
      { name: 'train (epoch mean)', x: epochX, y: epochLoss },
      { name: 'test', x: epochX, y: testLoss, dashed: true },
    ],
  }),
);
// A long noisy curve over several decades on a log axis (exercises thinning and log ticks).
const longLoss = Array.from({ length: 20000 }, (_, i) => 3 * Math.exp(-i / 2500) * (1 + 0.3 * rng.normal() ** 2) + 1e-4);
save(
  'demo-loss-log.svg',
  lineChart({
    title: 'Loss (log scale), 20,000 steps',
    xLabel: 'step',
    yLabel: 'loss',
    logY: true,
    series: [{ name: 'mse', x: longLoss.map((_, i) => i), y: longLoss }],
  }),
);

// --- regression with outliers --------------------------------------------------------------------
const reg = linearWithOutliers(200, { slope: 2, intercept: 1, noise: 0.5, seed: 1 });
function fitLine(x: Float32Array, y: Float32Array, weights?: Float64Array): [number, number] {
  let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const w = weights ? weights[i]! : 1;
    sw += w; sx += w * x[i]!; sy += w * y[i]!; sxx += w * x[i]! * x[i]!; sxy += w * x[i]! * y[i]!;
  }
  const slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
  return [slope, (sy - slope * sx) / sw];
}
const ols = fitLine(reg.x, reg.y);
// L1 fit by iteratively reweighted least squares.
let l1 = ols;
for (let it = 0; it < 50; it++) {
  const w = new Float64Array(reg.n);
  for (let i = 0; i < reg.n; i++) w[i] = 1 / Math.max(1e-3, Math.abs(reg.y[i]! - (l1[0] * reg.x[i]! + l1[1])));
  l1 = fitLine(reg.x, reg.y, w);
}
const lineX = [-3, 3];
const inliers: Array<[number, number]> = [];
const outliers: Array<[number, number]> = [];
for (let i = 0; i < reg.n; i++) (reg.isOutlier[i] ? outliers : inliers).push([reg.x[i]!, reg.y[i]!]);
console.log(`\nlinearWithOutliers: true ${reg.slope}x + ${reg.intercept}; OLS ${ols[0].toFixed(3)}x + ${ols[1].toFixed(3)}; L1 ${l1[0].toFixed(3)}x + ${l1[1].toFixed(3)}`);
save(
  'demo-regression.svg',
  scatterChart({
    title: 'Linear data with 10% outliers',
    xLabel: 'x',
    yLabel: 'y',
    series: [
      { name: 'inliers', points: inliers, color: '#9aa7b4' },
      { name: 'outliers', points: outliers, color: '#c44e52' },
    ],
    lines: [
      { name: 'true line', x: lineX, y: lineX.map((v) => reg.slope * v + reg.intercept), color: '#333', dashed: true },
      { name: `least squares (slope ${ols[0].toFixed(2)})`, x: lineX, y: lineX.map((v) => ols[0] * v + ols[1]) },
      { name: `least absolute (slope ${l1[0].toFixed(2)})`, x: lineX, y: lineX.map((v) => l1[0] * v + l1[1]) },
    ],
  }),
);

// --- quantile band -----------------------------------------------------------------------------
const het = heteroscedastic(400, { seed: 2 });
const gx = Array.from({ length: 81 }, (_, i) => (4 * i) / 80);
save(
  'demo-quantile.svg',
  scatterChart({
    title: 'Heteroscedastic data: true 10–90% band and median',
    xLabel: 'x',
    yLabel: 'y',
    series: [{ name: 'data', points: Array.from(het.x, (x, i): [number, number] => [x, het.y[i]!]), color: '#9aa7b4' }],
    bands: [{ name: 'q 0.1 – 0.9', x: gx, lo: gx.map((x) => het.quantile(0.1, x)), hi: gx.map((x) => het.quantile(0.9, x)) }],
    lines: [{ name: 'median', x: gx, y: gx.map((x) => het.quantile(0.5, x)) }],
  }),
);
{
  let below = 0;
  for (let i = 0; i < het.n; i++) if (het.y[i]! < het.quantile(0.9, het.x[i]!)) below++;
  console.log(`heteroscedastic: ${((100 * below) / het.n).toFixed(1)}% of points below the true 0.9 quantile`);
}

// --- decision boundary (a Gaussian-kernel classifier stands in for a trained model) -------------
const moons = twoMoons(300, { noise: 0.15, seed: 3 });
const kernelProb = (data: ClassificationData, x: number, y: number, bw = 0.25): number => {
  let s0 = 1e-12, s1 = 1e-12;
  for (let i = 0; i < data.n; i++) {
    const dx = data.x[2 * i]! - x;
    const dy = data.x[2 * i + 1]! - y;
    const k = Math.exp(-(dx * dx + dy * dy) / (2 * bw * bw));
    if (data.y[i] === 1) s1 += k;
    else s0 += k;
  }
  return s1 / (s0 + s1);
};
const xsGrid = Array.from({ length: 90 }, (_, i) => -1.6 + (4.2 * i) / 89);
const ysGrid = Array.from({ length: 60 }, (_, j) => -1.1 + (2.7 * j) / 59);
save(
  'demo-moons.svg',
  decisionBoundary({
    title: 'Two moons: decision boundary',
    xLabel: 'x₁',
    yLabel: 'x₂',
    grid: { xs: xsGrid, ys: ysGrid, values: ysGrid.map((y) => xsGrid.map((x) => kernelProb(moons, x, y))) },
    points: Array.from({ length: moons.n }, (_, i) => ({ x: moons.x[2 * i]!, y: moons.x[2 * i + 1]!, label: moons.y[i]! })),
    classNames: ['upper moon', 'lower moon'],
  }),
);

// --- classification datasets as scatter plots ---------------------------------------------------
function byClass(data: ClassificationData, names?: string[]) {
  const k = Math.max(...data.y) + 1;
  return Array.from({ length: k }, (_, c) => ({
    name: names?.[c] ?? `class ${c}`,
    points: Array.from({ length: data.n }, (_, i) => i)
      .filter((i) => data.y[i] === c)
      .map((i): [number, number] => [data.x[2 * i]!, data.x[2 * i + 1]!]),
  }));
}
const spi = spirals(600, { classes: 3, noise: 0.2, seed: 4 });
save('demo-spirals.svg', scatterChart({ title: 'Spirals (3 classes)', series: byClass(spi) }));
const clusters = gaussianClusters(500, { centers: 5, spread: 0.6, seed: 5 });
save('demo-clusters.svg', scatterChart({ title: 'Gaussian clusters (embedding input)', xLabel: 'x₁', yLabel: 'x₂', series: byClass(clusters) }));
const imb = imbalanced(1000, { minorityFraction: 0.05, seed: 6 });
console.log(`imbalanced: counts ${imb.counts.join(' / ')}`);
save('demo-imbalanced.svg', scatterChart({ title: `Imbalanced: ${imb.counts[0]} vs ${imb.counts[1]}`, series: byClass(imb, ['majority', 'minority']) }));

// --- packaged datasets ---------------------------------------------------------------------------
const t0 = performance.now();
const digits = await loadDigits({ train: 8000, test: 2000, seed: 0 });
console.log(`\nloadDigits: ${digits.nTrain} train + ${digits.nTest} test in ${(performance.now() - t0).toFixed(0)} ms`);
const counts = new Array<number>(10).fill(0);
for (const d of digits.yTest) counts[d]!++;
console.log(`test label counts: ${counts.join(' ')}`);
// First training digit as ASCII art (checks the 28 × 28 row-major orientation).
const art: string[] = [];
for (let r = 0; r < 28; r += 2) {
  let line = '';
  for (let c = 0; c < 28; c++) {
    const v = Math.max(digits.xTrain[r * 28 + c]!, digits.xTrain[(r + 1) * 28 + c]!);
    line += v > 0.66 ? '█' : v > 0.33 ? '▒' : v > 0.05 ? '░' : ' ';
  }
  art.push(line);
}
console.log(`first training image (label ${digits.yTrain[0]}):\n${art.join('\n')}`);
const iris = await loadIris();
console.log(`loadIris: ${iris.n} rows, classes ${iris.classes.join(', ')}, first row ${Array.from(iris.x.subarray(0, 4)).map((v) => v.toFixed(1)).join(' ')}`);
save(
  'demo-iris.svg',
  scatterChart({
    title: 'Iris: petal length vs petal width',
    xLabel: 'petal length (cm)',
    yLabel: 'petal width (cm)',
    series: iris.classes.map((name, c) => ({
      name,
      points: Array.from({ length: iris.n }, (_, i) => i)
        .filter((i) => iris.y[i] === c)
        .map((i): [number, number] => [iris.x[4 * i + 2]!, iris.x[4 * i + 3]!]),
    })),
  }),
);

console.log(`\nwrote:\n  ${written.join('\n  ')}`);
