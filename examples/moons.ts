/**
 * Two interleaving half-moons: a 2-16-16-1 tanh MLP trained with logitBinaryCrossentropy and
 * Adam; plots the learned decision boundary.
 *
 *   npm run example:moons
 */
import { Adam, data, losses, manualSeed, nn, tensor, type Tensor } from '../src/index.js';
import { evaluate, isMain, range, Reporter, type ExampleOptions } from './lib/common.js';
import { decisionBoundary } from './lib/svg.js';

/** Binary accuracy of logits [n, 1] against 0/1 targets [n, 1]. */
function binaryAccuracy(logits: Tensor, y: Tensor): number {
  const z = logits.contiguousData(), t = y.contiguousData();
  let hit = 0;
  for (let i = 0; i < z.length; i++) if ((z[i]! > 0 ? 1 : 0) === t[i]) hit++;
  return hit / z.length;
}

export async function run(opts: ExampleOptions & { n?: number; noise?: number } = {}) {
  const { epochs = 60, n = 500, noise = 0.2, seed = 0 } = opts;
  const r = new Reporter('moons', opts);
  manualSeed(seed);
  // Targets as float [n, 1], the shape of the model's logits.
  const toBinary = (s: { x: Tensor; y: Tensor }) => ({ x: s.x, y: s.y.to('float32').reshape([-1, 1]), labels: s.y });
  const train = toBinary(data.twoMoons(n, { noise, seed }));
  const test = toBinary(data.twoMoons(n, { noise, seed: seed + 1000 }));
  r.log(`two moons, noise ${noise}: ${n} training and ${n} test points; 2-16-16-1 tanh MLP, Adam`);

  const model = new nn.MLP([2, 16, 16, 1], 'tanh');
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  const loader = data.batches(train.x, train.y, { batchSize: 32, shuffle: true, seed });
  const progress = r.progress(epochs, loader.length, 32);
  const testAcc: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    let batch = 0;
    for (const [xb, yb] of loader) {
      const loss = losses.logitBinaryCrossentropy(model.forward(xb), yb);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      progress.update({ epoch, batch: batch++, loss: loss.item(), size: xb.shape[0] });
    }
    testAcc.push(evaluate(() => binaryAccuracy(model.forward(test.x), test.y)));
    progress.endEpoch({ 'test acc': testAcc[epoch]! });
  }
  progress.done({ 'test acc': testAcc[epochs - 1]! });

  const meanLoss = progress.history.map((h) => h.meanLoss);
  r.lossCurve([{ name: 'train loss (epoch mean)', x: range(epochs).map((e) => e + 1), y: meanLoss }], { logY: true });
  r.svg('moons-boundary.svg', () => {
    const xs = range(91).map((i) => -1.6 + (i * 4.2) / 90), ys = range(61).map((j) => -1.1 + (j * 2.7) / 60);
    const grid = new Float32Array(xs.length * ys.length * 2);
    ys.forEach((y, j) => xs.forEach((x, i) => grid.set([x, y], (j * xs.length + i) * 2)));
    const p = evaluate(() => model.forward(tensor(grid, { shape: [grid.length / 2, 2] })).sigmoid()).contiguousData();
    const values = ys.map((_, j) => Array.from(p.subarray(j * xs.length, (j + 1) * xs.length)));
    const pts = test.x.contiguousData(), lab = test.labels.contiguousData();
    return decisionBoundary({
      title: `Two moons: MLP decision boundary (test accuracy ${(100 * testAcc[epochs - 1]!).toFixed(1)}%)`,
      xLabel: 'x₁', yLabel: 'x₂', grid: { xs, ys, values },
      points: range(lab.length).map((i) => ({ x: pts[2 * i]!, y: pts[2 * i + 1]!, label: lab[i]! })),
      classNames: ['upper moon', 'lower moon'],
    });
  });
  r.log(`test accuracy ${(100 * testAcc[epochs - 1]!).toFixed(1)}%`);
  return { testAccuracy: testAcc[epochs - 1]!, testAccuracyPerEpoch: testAcc, meanLoss, files: r.files };
}

if (isMain(import.meta.url)) await run();
