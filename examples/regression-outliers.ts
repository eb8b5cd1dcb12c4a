/**
 * Linear data with 10% gross outliers, fitted by the same 1-feature linear model under four
 * losses: mse (dragged by the outliers), and the robust mae, huberLoss and logCoshLoss.
 *
 *   npm run example:regression-outliers
 */
import { Adam, CosineAnnealingLR, data, losses, manualSeed, nn, type Tensor } from '../src/index.js';
import { isMain, range, Reporter, type ExampleOptions } from './lib/common.js';
import { scatterChart } from './lib/svg.js';

const LOSSES = {
  mse: (p: Tensor, y: Tensor) => losses.mse(p, y),
  mae: (p: Tensor, y: Tensor) => losses.mae(p, y),
  huber: (p: Tensor, y: Tensor) => losses.huberLoss(p, y, { delta: 1 }),
  logCosh: (p: Tensor, y: Tensor) => losses.logCoshLoss(p, y),
};
type LossName = keyof typeof LOSSES;

export async function run(opts: ExampleOptions & { n?: number } = {}) {
  const { epochs = 400, n = 300, seed = 1 } = opts;
  const r = new Reporter('regression-outliers', opts);
  const set = data.linearWithOutliers(n, { slope: 2, intercept: 1, noise: 0.5, outlierFraction: 0.1, seed });
  r.log(`y = ${set.slope}x + ${set.intercept} + noise, ${n} points of which 10% are outliers; full-batch Adam, ${epochs} steps per loss`);

  const names = Object.keys(LOSSES) as LossName[];
  const progress = r.progress(names.length, epochs, n);
  const fits = {} as Record<LossName, { slope: number; intercept: number; losses: number[] }>;
  names.forEach((name, k) => {
    manualSeed(seed);
    const model = new nn.Linear(1, 1);
    const opt = new Adam(model.parameters(), { lr: 0.1 });
    const schedule = new CosineAnnealingLR(opt, { tMax: epochs });
    const curve: number[] = [];
    for (let step = 0; step < epochs; step++) {
      const loss = LOSSES[name](model.forward(set.x), set.y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      schedule.step();
      curve.push(loss.item());
      progress.update({ epoch: k, batch: step, loss: curve[step]! });
    }
    const [slope, intercept] = [model.weight.item(), model.bias!.item()];
    fits[name] = { slope, intercept, losses: curve };
    progress.endEpoch({ loss: name, slope: slope.toFixed(3), intercept: intercept.toFixed(3) });
  });
  progress.done();

  r.log(`\n${'loss'.padEnd(8)} ${'slope'.padStart(7)} ${'intercept'.padStart(10)}   (true: ${set.slope}, ${set.intercept})`);
  for (const name of names) r.log(`${name.padEnd(8)} ${fits[name].slope.toFixed(3).padStart(7)} ${fits[name].intercept.toFixed(3).padStart(10)}`);

  // Each loss relative to its first value, so the four curves share one axis.
  r.lossCurve(names.map((name) => ({ name, x: range(epochs), y: fits[name].losses.map((v) => v / fits[name].losses[0]!) })), { xLabel: 'step (loss / initial loss)', logY: true });
  r.svg('regression-outliers-fits.svg', () => {
    const xs = set.x.contiguousData(), ys = set.y.contiguousData();
    const inliers: Array<[number, number]> = [], outliers: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) (set.isOutlier[i] ? outliers : inliers).push([xs[i]!, ys[i]!]);
    const ends = [-3, 3];
    return scatterChart({
      title: 'Linear fits with 10% outliers',
      xLabel: 'x',
      yLabel: 'y',
      series: [{ name: 'inliers', points: inliers, color: '#9aa7b4' }, { name: 'outliers', points: outliers, color: '#c44e52' }],
      lines: [
        { name: 'true line', x: ends, y: ends.map((v) => set.slope * v + set.intercept), color: '#333', dashed: true },
        ...names.map((name) => ({ name: `${name} (slope ${fits[name].slope.toFixed(2)})`, x: ends, y: ends.map((v) => fits[name].slope * v + fits[name].intercept) })),
      ],
    });
  });
  const slopeError = Object.fromEntries(names.map((name) => [name, Math.abs(fits[name].slope - set.slope)])) as Record<LossName, number>;
  return { fits, slopeError, files: r.files };
}

if (isMain(import.meta.url)) await run();
