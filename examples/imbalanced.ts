/**
 * A 95/5 class split (the rare class overlaps the common one) fitted by softmax regression three
 * ways: plain crossentropy, crossentropy with classBalancedWeights, and focalLoss. Plain
 * crossentropy buys accuracy with the rare class's recall; the weights trade some back.
 *
 *   npm run example:imbalanced
 */
import { Adam, data, losses, manualSeed, nn, type Tensor } from '../src/index.js';
import { argmaxRows, evaluate, isMain, range, recallPerClass, Reporter, type ExampleOptions } from './lib/common.js';
import { scatterChart } from './lib/svg.js';

export async function run(opts: ExampleOptions & { n?: number } = {}) {
  const { epochs = 20, n = 4000, seed = 0 } = opts;
  const r = new Reporter('imbalanced', opts);
  const train = data.imbalanced(n, { minorityFraction: 0.05, seed });
  const test = data.imbalanced(n, { minorityFraction: 0.05, seed: seed + 1000 });
  const weight = losses.classBalancedWeights(train.counts, 0.9999).to('float32');
  const w = weight.toArray() as number[];
  r.log(`imbalanced: ${train.counts[0]} / ${train.counts[1]} training rows; classBalancedWeights(β = 0.9999) = [${w.map((v) => v.toFixed(3)).join(', ')}]`);

  // All three read probabilities, so they differ only in how each row's −log p is weighted.
  const methods = {
    crossentropy: (p: Tensor, y: Tensor) => losses.crossentropy(p, y),
    weighted: (p: Tensor, y: Tensor) => losses.crossentropy(p, y, { weight }),
    focal: (p: Tensor, y: Tensor) => losses.focalLoss(p, y, { gamma: 2 }),
  };
  type Method = keyof typeof methods;
  const names = Object.keys(methods) as Method[];
  const results = {} as Record<Method, { recall: number[]; accuracy: number; balancedAccuracy: number; losses: number[]; line: [number, number, number] }>;
  for (const name of names) {
    manualSeed(seed);
    const model = new nn.Linear(2, 2);
    const opt = new Adam(model.parameters(), { lr: 0.05 });
    const loader = data.batches(train.x, train.y, { batchSize: 128, shuffle: true, seed });
    const progress = r.progress(epochs, loader.length, 128, `imbalanced/${name}`);
    for (let epoch = 0; epoch < epochs; epoch++) {
      let batch = 0;
      for (const [xb, yb] of loader) {
        const loss = methods[name](model.forward(xb).softmax(1), yb);
        opt.zeroGrad();
        loss.backward();
        opt.step();
        progress.update({ epoch, batch: batch++, loss: loss.item(), size: xb.shape[0] });
      }
      progress.endEpoch();
    }
    const pred = evaluate(() => argmaxRows(model.forward(test.x)));
    const truth = test.y.contiguousData();
    const recall = recallPerClass(pred, truth, 2);
    const W = model.weight.toArray() as number[][], b = model.bias!.toArray() as number[];
    results[name] = {
      recall,
      accuracy: range(pred.length).filter((i) => pred[i] === truth[i]).length / pred.length,
      balancedAccuracy: (recall[0]! + recall[1]!) / 2,
      losses: progress.history.map((h) => h.meanLoss),
      // The boundary z₁ = z₀: (w₁ − w₀)·x + (b₁ − b₀) = 0.
      line: [W[1]![0]! - W[0]![0]!, W[1]![1]! - W[0]![1]!, b[1]! - b[0]!],
    };
    progress.done({ 'recall 0': recall[0]!, 'recall 1': recall[1]! });
  }

  r.log(`\n${'loss'.padEnd(13)} ${'recall 0'.padStart(9)} ${'recall 1'.padStart(9)} ${'accuracy'.padStart(9)} ${'balanced'.padStart(9)}`);
  for (const name of names) {
    const m = results[name];
    r.log(`${name.padEnd(13)} ${m.recall.map((v) => v.toFixed(3).padStart(9)).join(' ')} ${m.accuracy.toFixed(3).padStart(9)} ${m.balancedAccuracy.toFixed(3).padStart(9)}`);
  }
  r.lossCurve(names.map((name) => ({ name, x: range(epochs).map((e) => e + 1), y: results[name].losses })), { logY: true });
  r.svg('imbalanced-boundaries.svg', () => {
    const xs = test.x.contiguousData(), ys = test.y.contiguousData();
    const pts: Array<Array<[number, number]>> = [[], []];
    for (let i = 0; i < ys.length; i++) pts[ys[i]!]!.push([xs[2 * i]!, xs[2 * i + 1]!]);
    // Each line drawn only across the plotted box x₁ ∈ [−3.5, 4.5], x₂ ∈ [−3.5, 4.5].
    const span = ([a1, a2, c]: [number, number, number]): number[] => {
      const atY = (y: number) => -(a2 * y + c) / a1;
      const [lo, hi] = [atY(-3.5), atY(4.5)].sort((u, v) => u - v) as [number, number];
      return [Math.max(-3.5, lo), Math.min(4.5, hi)];
    };
    return scatterChart({
      title: 'Imbalanced classes (95/5): decision boundaries',
      xLabel: 'x₁', yLabel: 'x₂',
      series: [{ name: 'class 0 (95%)', points: pts[0]!, color: '#b8c2cc' }, { name: 'class 1 (5%)', points: pts[1]!, color: '#e15759' }],
      lines: names.map((name) => {
        const [a1, a2, c] = results[name].line, ends = span(results[name].line);
        return { name: `${name} (recall₁ ${results[name].recall[1]!.toFixed(2)})`, x: ends, y: ends.map((x) => -(a1 * x + c) / a2) };
      }),
    });
  });
  return { results, files: r.files };
}

if (isMain(import.meta.url)) await run();
