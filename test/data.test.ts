import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { arange, data, manualSeed, tensor } from '../src/index.js';
import * as datasets from '../src/datasets/index.js';

const x = arange(0, 20, 1, { dtype: 'float32' }).reshape([10, 2]);
const y = arange(0, 10, 1, { dtype: 'int32' });
const firstCol = (t: { toArray(): number[][] }) => t.toArray().map((r) => r[0]! / 2);

test('batches: in order, views, last batch short unless dropLast', () => {
  const b = data.batches(x, y, { batchSize: 4 });
  assert.is(b.length, 3);
  const got = [...b];
  assert.equal(got.map(([xb]) => xb.shape), [[4, 2], [4, 2], [2, 2]]);
  assert.equal(got.map(([, yb]) => yb.toArray()), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  assert.equal(got[1]![0].toArray(), [[8, 9], [10, 11], [12, 13], [14, 15]]);
  assert.is(got[0]![1].dtype, 'int32');
  assert.ok(got[0]![0].data.data === x.data.data, 'unshuffled batches share storage');
  const dropped = data.batches(x, y, { batchSize: 4, dropLast: true });
  assert.is(dropped.length, 2);
  assert.is([...dropped].length, 2);
});

test('batches: shuffled passes cover every row once, rows stay paired, seeded', () => {
  const b = data.batches(x, y, { batchSize: 3, shuffle: true, seed: 7 });
  const pass1 = [...b], pass2 = [...b];
  for (const pass of [pass1, pass2]) {
    const ys = pass.flatMap(([, yb]) => yb.toArray() as number[]);
    assert.equal([...ys].sort((a, c) => a - c), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const [xb, yb] of pass) assert.equal(firstCol(xb), yb.toArray());
    assert.is(pass[0]![1].dtype, 'int32');
  }
  const order = (p: typeof pass1) => p.flatMap(([, yb]) => yb.toArray());
  assert.not.equal(order(pass1), order(pass2), 'each pass reshuffles');
  assert.equal(order([...data.batches(x, y, { batchSize: 3, shuffle: true, seed: 7 })]), order(pass1));
  manualSeed(4);
  const g1 = order([...data.batches(x, y, { batchSize: 5, shuffle: true })]);
  manualSeed(4);
  assert.equal(order([...data.batches(x, y, { batchSize: 5, shuffle: true })]), g1);
});

test('batches: argument checks', () => {
  assert.throws(() => data.batches(x, y.slice(0, 0, 5), { batchSize: 2 }), /same number of rows/);
  assert.throws(() => data.batches(x, y, { batchSize: 0 }), /batchSize/);
  assert.throws(() => data.takeRows(x, [10]), /out of range/);
});

test('trainTestSplit: disjoint, complete, paired, seeded', () => {
  const s = data.trainTestSplit(x, y, { testFraction: 0.3, seed: 1 });
  assert.equal(s.xTrain.shape, [7, 2]);
  assert.equal(s.yTest.shape, [3]);
  const all = [...s.yTrain.toArray(), ...s.yTest.toArray()].sort((a, b) => a - b);
  assert.equal(all, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(firstCol(s.xTest), s.yTest.toArray());
  assert.equal(data.trainTestSplit(x, y, { testFraction: 0.3, seed: 1 }).yTest.toArray(), s.yTest.toArray());
  assert.is(data.trainTestSplit(x, y).yTest.size, 2);
  assert.throws(() => data.trainTestSplit(x, y, { testFraction: 0.01 }), /empty/);
  assert.throws(() => data.trainTestSplit(x, y.slice(0, 0, 3)), /same number of rows/);
});

test('standardize: train statistics applied to both sets, constant columns left at 0', () => {
  const tr = tensor([[1, 5, 2], [3, 5, 4], [5, 5, 9]]);
  const te = tensor([[3, 6, 2]]);
  const s = data.standardize(tr, te);
  const cols = s.xTrain.T.toArray() as number[][];
  for (const c of [cols[0]!, cols[2]!]) {
    const m = c.reduce((a, b) => a + b) / 3;
    const v = c.reduce((a, b) => a + (b - m) ** 2, 0) / 3;
    assert.ok(Math.abs(m) < 1e-6 && Math.abs(v - 1) < 1e-5);
  }
  assert.equal(cols[1], [0, 0, 0]);
  assert.equal(s.mean.toArray(), [[3, 5, 5]]);
  assert.ok(Math.abs(s.xTest!.toArray()[0][1] - 1) < 1e-6);
  assert.is(data.standardize(tr).xTest, undefined);
  assert.not.ok(s.xTrain.requiresGrad);
});

test('synthetic datasets as tensors', () => {
  const m = data.twoMoons(50, { seed: 1 });
  assert.equal([m.x.shape, m.x.dtype, m.y.shape, m.y.dtype], [[50, 2], 'float32', [50], 'int32']);
  assert.equal(data.spirals(30, { classes: 3 }).x.shape, [30, 2]);
  const g = data.gaussianClusters(40, { centers: 4 });
  assert.is(g.centers.length, 4);
  const im = data.imbalanced(200);
  assert.equal(im.counts, [190, 10]);
  assert.is((im.y.toArray() as number[]).filter((v) => v === 1).length, 10);
  const lo = data.linearWithOutliers(100);
  assert.equal([lo.x.shape, lo.y.shape, lo.slope], [[100, 1], [100, 1], 2]);
  assert.is(lo.isOutlier.reduce((a, b) => a + b, 0), 10);
  const h = data.heteroscedastic(20);
  assert.equal(h.y.shape, [20, 1]);
  assert.ok(h.quantile(0.9, 2) > h.mean(2));
  assert.is(typeof data.sources.twoMoons, 'function');
});

test('generators: explicit centers, quantiles at the tails, argument checks', () => {
  const g = data.gaussianClusters(4, { centers: [[0, 0], [10, 10]], spread: 0 });
  assert.equal([...g.x.contiguousData()].sort((a, b) => a - b), [0, 0, 0, 0, 10, 10, 10, 10]);
  assert.throws(() => data.gaussianClusters(4, { centers: [] }), /must not be empty/);
  const { normalQuantile } = data.sources;
  assert.is(normalQuantile(0), -Infinity);
  assert.is(normalQuantile(1), Infinity);
  assert.ok(Math.abs(normalQuantile(0.01) + 2.326348) < 1e-5 && Math.abs(normalQuantile(0.99) - 2.326348) < 1e-5);
  assert.throws(() => normalQuantile(2), /p must be/);
});

test('npm-package datasets as tensors', async () => {
  const iris = await datasets.loadIris();
  assert.equal([iris.x.shape, iris.y.shape, iris.y.dtype, iris.classes.length], [[150, 4], [150], 'int32', 3]);
  const d = await datasets.loadDigits({ train: 100, test: 20, seed: 3 });
  assert.equal([d.xTrain.shape, d.yTrain.shape, d.xTest.shape, d.yTest.dtype], [[100, 784], [100], [20, 784], 'int32']);
  assert.ok(d.xTrain.max().item() <= 1 && d.xTrain.min().item() >= 0);
  assert.is(datasets.DIGITS_AVAILABLE, 10000);
  for (const bad of [{ train: 1.5 }, { train: 9000, test: 2000 }]) {
    let message = '';
    await datasets.loadDigits(bad).catch((e: Error) => (message = e.message));
    assert.match(message, /loadDigits/);
  }
});

test.run();
