/**
 * A tiny metric-learning demo. Six 2-D Gaussian blobs on a circle form three classes, each made
 * of two opposite blobs, so a class is not one cluster in input space. A 2-32-32-2 MLP learns an
 * embedding where it is: once with siameseContrastiveLoss on pairs, once with tripletMarginLoss
 * on triplets. Metric: nearest-class-centroid accuracy of held-out points in the embedding (in
 * input space, where opposite blobs average to the same centroid, it is near chance).
 *
 *   npm run example:embeddings
 */
import { Adam, data, losses, manualSeed, nn, tensor, type Tensor } from '../src/index.js';
import { createRng, type Rng } from '../src/data/sources.js';
import { evaluate, isMain, range, Reporter, type ExampleOptions } from './lib/common.js';
import { scatterChart, PALETTE } from './lib/svg.js';

const CLASSES = 3;

/** Six blobs; blob k belongs to class k mod 3 (blobs k and k + 3 sit opposite each other). */
function blobs(n: number, seed: number): { x: Tensor; y: Int32Array } {
  const d = data.gaussianClusters(n, { centers: 2 * CLASSES, spread: 0.5, seed });
  return { x: d.x, y: Int32Array.from(d.y.contiguousData(), (k) => k % CLASSES) };
}

/** Nearest-centroid accuracy: centroids of the reference embeddings per class, applied to the queries. */
function centroidAccuracy(ref: Tensor, refY: Int32Array, query: Tensor, queryY: Int32Array): number {
  const e = ref.contiguousData(), q = query.contiguousData(), dim = ref.shape[1]!;
  const c = new Float64Array(CLASSES * dim), count = new Float64Array(CLASSES);
  refY.forEach((k, i) => {
    count[k]!++;
    for (let j = 0; j < dim; j++) c[k * dim + j]! += e[i * dim + j]!;
  });
  for (let k = 0; k < CLASSES; k++) for (let j = 0; j < dim; j++) c[k * dim + j]! /= count[k]!;
  let hit = 0;
  queryY.forEach((label, i) => {
    let best = 0, bestD = Infinity;
    for (let k = 0; k < CLASSES; k++) {
      let d = 0;
      for (let j = 0; j < dim; j++) d += (q[i * dim + j]! - c[k * dim + j]!) ** 2;
      if (d < bestD) [best, bestD] = [k, d];
    }
    if (best === label) hit++;
  });
  return hit / queryY.length;
}

/** Random rows of the same class as `anchor` (positive) and of another class (negative). */
function sampler(y: Int32Array, rng: Rng) {
  const byClass = range(CLASSES).map((k) => range(y.length).filter((i) => y[i] === k));
  const pick = (list: number[]) => list[rng.int(list.length)]!;
  return {
    any: () => rng.int(y.length),
    same: (i: number) => pick(byClass[y[i]!]!),
    other: (i: number) => pick(byClass[(y[i]! + 1 + rng.int(CLASSES - 1)) % CLASSES]!),
  };
}

const distance = (a: Tensor, b: Tensor) => a.sub(b).square().sum(-1).add(1e-9).sqrt();

export async function run(opts: ExampleOptions & { n?: number; stepsPerEpoch?: number } = {}) {
  const { epochs = 25, n = 600, stepsPerEpoch = 20, seed = 0 } = opts;
  const r = new Reporter('embeddings', opts);
  const train = blobs(n, seed), test = blobs(n, seed + 1000);
  const inputAccuracy = centroidAccuracy(train.x, train.y, test.x, test.y);
  r.log(`embeddings: ${n} points in 6 blobs, 3 classes of 2 opposite blobs; nearest-centroid accuracy in input space ${(100 * inputAccuracy).toFixed(1)}%`);

  const batch = 64;
  const methods = {
    // Pairs, half of them same-class; y = 1 marks a dissimilar pair (pushed beyond the margin).
    contrastive: (model: nn.Module, s: ReturnType<typeof sampler>) => {
      const a = range(batch).map(() => s.any());
      const b = a.map((i, k) => (k % 2 ? s.other(i) : s.same(i)));
      const y = tensor(a.map((_, k) => k % 2));
      const d = distance(model.forward(data.takeRows(train.x, a)), model.forward(data.takeRows(train.x, b)));
      return losses.siameseContrastiveLoss(d, y, { margin: 2 });
    },
    triplet: (model: nn.Module, s: ReturnType<typeof sampler>) => {
      const a = range(batch).map(() => s.any());
      const emb = (rows: number[]) => model.forward(data.takeRows(train.x, rows));
      return losses.tripletMarginLoss(emb(a), emb(a.map(s.same)), emb(a.map(s.other)), { margin: 1 });
    },
  };
  type Method = keyof typeof methods;
  const names = Object.keys(methods) as Method[];
  const results = {} as Record<Method, { accuracy: number; losses: number[]; embedded: number[][] }>;
  for (const name of names) {
    manualSeed(seed);
    const model = new nn.MLP([2, 32, 32, 2], 'tanh');
    const opt = new Adam(model.parameters(), { lr: 0.01 });
    const s = sampler(train.y, createRng(seed));
    const progress = r.progress(epochs, stepsPerEpoch, batch, `embeddings/${name}`);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let step = 0; step < stepsPerEpoch; step++) {
        const loss = methods[name](model, s);
        opt.zeroGrad();
        loss.backward();
        opt.step();
        progress.update({ epoch, batch: step, loss: loss.item() });
      }
      progress.endEpoch();
    }
    const [eTrain, eTest] = evaluate(() => [model.forward(train.x), model.forward(test.x)]);
    const accuracy = centroidAccuracy(eTrain!, train.y, eTest!, test.y);
    progress.done({ 'centroid acc': accuracy });
    results[name] = { accuracy, losses: progress.history.map((h) => h.meanLoss), embedded: eTest!.toArray() as number[][] };
  }
  for (const name of names) r.log(`${name}: nearest-centroid accuracy ${(100 * results[name].accuracy).toFixed(1)}% (input space ${(100 * inputAccuracy).toFixed(1)}%)`);

  r.lossCurve(names.map((name) => ({ name, x: range(epochs).map((e) => e + 1), y: results[name].losses })), { logY: true });
  const points = (rows: number[][]) => range(CLASSES).map((k) => ({
    name: `class ${k}`, color: PALETTE[k],
    points: rows.filter((_, i) => test.y[i] === k).map((p): [number, number] => [p[0]!, p[1]!]),
  }));
  r.svg('embeddings-input.svg', () => scatterChart({ title: 'Input: 3 classes, each two opposite blobs', xLabel: 'x₁', yLabel: 'x₂', series: points(test.x.toArray()) }));
  for (const name of names) {
    r.svg(`embeddings-${name}.svg`, () => scatterChart({
      title: `Embedded test points (${name}): centroid accuracy ${(100 * results[name].accuracy).toFixed(1)}%`,
      xLabel: 'e₁', yLabel: 'e₂', series: points(results[name].embedded),
    }));
  }
  return { inputAccuracy, accuracy: Object.fromEntries(names.map((k) => [k, results[k].accuracy])) as Record<Method, number>, losses: Object.fromEntries(names.map((k) => [k, results[k].losses])) as Record<Method, number[]>, files: r.files };
}

if (isMain(import.meta.url)) await run();
