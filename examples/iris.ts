/**
 * Fisher's iris data (150 flowers, 4 measurements, 3 species): softmax regression, i.e. one
 * Linear(4, 3) layer under logitCrossentropy, trained with Adam on standardized features.
 *
 *   npm run example:iris
 */
import { Adam, data, losses, manualSeed, nn } from '../src/index.js';
import { loadIris } from '../src/datasets/index.js';
import { accuracy, argmaxRows, evaluate, isMain, range, recallPerClass, Reporter, type ExampleOptions } from './lib/common.js';

export async function run(opts: ExampleOptions = {}) {
  const { epochs = 100, seed = 0 } = opts;
  const r = new Reporter('iris', opts);
  manualSeed(seed);
  const iris = await loadIris();
  const split = data.trainTestSplit(iris.x, iris.y, { testFraction: 0.3, seed });
  const { xTrain, xTest } = data.standardize(split.xTrain, split.xTest);
  r.log(`iris: ${xTrain.shape[0]} training and ${xTest!.shape[0]} test flowers; softmax regression (Linear 4→3), Adam`);

  const model = new nn.Linear(4, 3);
  const opt = new Adam(model.parameters(), { lr: 0.05 });
  const loader = data.batches(xTrain, split.yTrain, { batchSize: 16, shuffle: true, seed });
  const progress = r.progress(epochs, loader.length, 16);
  const testLoss: number[] = [], testAcc: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    let batch = 0;
    for (const [xb, yb] of loader) {
      const loss = losses.logitCrossentropy(model.forward(xb), yb);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      progress.update({ epoch, batch: batch++, loss: loss.item(), size: xb.shape[0] });
    }
    const m = evaluate(() => {
      const logits = model.forward(xTest!);
      return { loss: losses.logitCrossentropy(logits, split.yTest).item(), acc: accuracy(logits, split.yTest) };
    });
    testLoss.push(m.loss);
    testAcc.push(m.acc);
    progress.endEpoch({ 'test loss': m.loss, 'test acc': m.acc });
  }
  const final = testAcc[epochs - 1]!;
  progress.done({ 'test acc': final });
  const recall = recallPerClass(evaluate(() => argmaxRows(model.forward(xTest!))), split.yTest.contiguousData(), 3);
  r.log(`test accuracy ${(100 * final).toFixed(1)}%; recall per species: ${iris.classes.map((c, k) => `${c} ${recall[k]!.toFixed(2)}`).join(', ')}`);

  const ep = range(epochs).map((e) => e + 1);
  const trainLoss = progress.history.map((h) => h.meanLoss);
  r.lossCurve([{ name: 'train loss (epoch mean)', x: ep, y: trainLoss }, { name: 'test loss', x: ep, y: testLoss, dashed: true }], { logY: true });
  return { testAccuracy: final, recall, trainLoss, testLoss, files: r.files };
}

if (isMain(import.meta.url)) await run();
