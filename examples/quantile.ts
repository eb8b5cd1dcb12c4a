/**
 * Quantile regression on heteroscedastic data (the noise grows with x): one 1-32-32-3 MLP whose
 * three outputs are trained with quantileLoss at q = 0.1, 0.5 and 0.9; plots the 80% band.
 *
 *   npm run example:quantile
 */
import { Adam, CosineAnnealingLR, data, losses, manualSeed, nn, tensor, type Tensor } from '../src/index.js';
import { evaluate, isMain, range, Reporter, type ExampleOptions } from './lib/common.js';
import { scatterChart } from './lib/svg.js';

const QUANTILES = [0.1, 0.5, 0.9] as const;

export async function run(opts: ExampleOptions & { n?: number } = {}) {
  const { epochs = 60, n = 1000, seed = 0 } = opts;
  const r = new Reporter('quantile', opts);
  manualSeed(seed);
  const train = data.heteroscedastic(n, { seed });
  const test = data.heteroscedastic(n, { seed: seed + 1000 });
  // x ∈ [0, 4] centred and scaled to about unit spread, so tanh units start in their linear range.
  const scale = (x: Tensor) => x.sub(2).div(1.15);
  r.log(`quantile: ${n} points, y = 1 + 0.8x + 0.4 sin 2x + (0.15 + 0.35x)·N(0, 1); 1-32-32-3 tanh MLP`);

  const model = new nn.MLP([1, 32, 32, QUANTILES.length], 'tanh');
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  const schedule = new CosineAnnealingLR(opt, { tMax: epochs, etaMin: 0.001 });
  const loader = data.batches(scale(train.x), train.y, { batchSize: 64, shuffle: true, seed });
  const progress = r.progress(epochs, loader.length, 64);
  // Output k is trained for quantile q_k; the total is the sum of the three pinball losses.
  const pinball = (out: Tensor, y: Tensor) =>
    QUANTILES.map((q, k) => losses.quantileLoss(out.slice(1, k, k + 1), y, { quantile: q })).reduce((a, b) => a.add(b));
  for (let epoch = 0; epoch < epochs; epoch++) {
    let batch = 0;
    for (const [xb, yb] of loader) {
      const loss = pinball(model.forward(xb), yb);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      progress.update({ epoch, batch: batch++, loss: loss.item(), size: xb.shape[0] });
    }
    schedule.step();
    progress.endEpoch();
  }

  // Coverage: the fraction of test points below each predicted quantile (ideally q).
  const pred = evaluate(() => model.forward(scale(test.x))).toArray() as number[][];
  const ys = test.y.contiguousData(), xs = test.x.contiguousData();
  const coverage = QUANTILES.map((_, k) => range(n).filter((i) => ys[i]! <= pred[i]![k]!).length / n);
  const trueError = QUANTILES.map((q, k) => range(n).reduce((s, i) => s + Math.abs(pred[i]![k]! - test.quantile(q, xs[i]!)), 0) / n);
  progress.done({ 'coverage 0.1/0.5/0.9': coverage.map((c) => c.toFixed(3)).join('/') });
  QUANTILES.forEach((q, k) => r.log(`q = ${q}: ${(100 * coverage[k]!).toFixed(1)}% of test points below the prediction; mean |prediction − true quantile| ${trueError[k]!.toFixed(3)}`));

  const meanLoss = progress.history.map((h) => h.meanLoss);
  r.lossCurve([{ name: 'train loss (sum of 3 pinball losses)', x: range(epochs).map((e) => e + 1), y: meanLoss }]);
  r.svg('quantile-band.svg', () => {
    const gx = range(101).map((i) => (4 * i) / 100);
    const g = evaluate(() => model.forward(scale(tensor(gx).reshape([-1, 1])))).toArray() as number[][];
    return scatterChart({
      title: 'Quantile regression: predicted 10–90% band and median',
      xLabel: 'x', yLabel: 'y',
      series: [{ name: 'test points', points: range(n).map((i): [number, number] => [xs[i]!, ys[i]!]), color: '#9aa7b4' }],
      bands: [{ name: 'predicted q0.1–q0.9', x: gx, lo: g.map((row) => row[0]!), hi: g.map((row) => row[2]!) }],
      lines: [
        { name: 'predicted median', x: gx, y: g.map((row) => row[1]!) },
        { name: 'true q0.9', x: gx, y: gx.map((x) => test.quantile(0.9, x)), color: '#333', dashed: true },
        { name: 'true q0.1', x: gx, y: gx.map((x) => test.quantile(0.1, x)), color: '#777', dashed: true },
      ],
    });
  });
  return { coverage, trueError, meanLoss, files: r.files };
}

if (isMain(import.meta.url)) await run();
