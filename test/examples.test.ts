// Every example, on a shortened schedule, with a loose assertion: the loss fell by a stated
// factor and the metric beats chance. SVGs go to a temporary folder.
import { test } from 'uvu';
import { spawnSync } from 'node:child_process';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mnist from '../examples/mnist.js';
import * as regression from '../examples/regression-outliers.js';
import * as moons from '../examples/moons.js';
import * as imbalanced from '../examples/imbalanced.js';
import * as quantile from '../examples/quantile.js';
import * as embeddings from '../examples/embeddings.js';
import * as gradcheck from '../examples/gradcheck.js';
import * as iris from '../examples/iris.js';
import * as lenet from '../examples/lenet.js';
import * as charlm from '../examples/charlm.js';
import * as onnxExample from '../examples/onnx.js';
import * as graph from '../examples/graph.js';

const outDir = mkdtempSync(join(tmpdir(), 'tapegrad-examples-'));
const opts = { quiet: true, outDir };
const fell = (first: number, last: number, factor: number) =>
  assert.ok(last < first / factor, `loss fell from ${first} to ${last}, less than ${factor}x`);
const wrote = (files: string[], count: number) => {
  assert.is(files.length, count);
  assert.ok(files.every((f) => f.startsWith(outDir) && existsSync(f)));
};

test('mnist: 3 epochs on 3,000 digits reach 85% on 1,000 held out (chance 10%)', async () => {
  const r = await mnist.run({ ...opts, epochs: 3, train: 3000, test: 1000 });
  assert.ok(r.testAccuracy > 0.85, `accuracy ${r.testAccuracy}`);
  fell(r.firstBatchLoss, r.trainLoss.at(-1)!, 3);
  wrote(r.files, 1);
});

test('regression-outliers: the robust losses recover the slope better than mse', async () => {
  const r = await regression.run({ ...opts, epochs: 150 });
  for (const name of ['mae', 'huber', 'logCosh'] as const) {
    assert.ok(r.slopeError[name] < r.slopeError.mse / 2, `${name} slope error ${r.slopeError[name]} vs mse ${r.slopeError.mse}`);
    fell(r.fits[name].losses[0]!, r.fits[name].losses.at(-1)!, 2);
  }
  wrote(r.files, 2);
});

test('moons: 15 epochs, test accuracy above 85% (chance 50%)', async () => {
  const r = await moons.run({ ...opts, epochs: 15 });
  assert.ok(r.testAccuracy > 0.85, `accuracy ${r.testAccuracy}`);
  fell(r.meanLoss[0]!, r.meanLoss.at(-1)!, 2);
  wrote(r.files, 2);
});

test('imbalanced: class weights raise the rare class recall', async () => {
  const r = await imbalanced.run({ ...opts, epochs: 5, n: 2000 });
  const { crossentropy: plain, weighted, focal } = r.results;
  assert.ok(weighted.recall[1]! > plain.recall[1]! + 0.1, `recall ${weighted.recall[1]} vs ${plain.recall[1]}`);
  for (const m of [plain, weighted, focal]) {
    assert.ok(m.balancedAccuracy > 0.6, `balanced accuracy ${m.balancedAccuracy}`);
    fell(m.losses[0]!, m.losses.at(-1)!, 1.2);
  }
  wrote(r.files, 2);
});

test('quantile: coverage near 0.1 / 0.5 / 0.9 after 15 epochs', async () => {
  const r = await quantile.run({ ...opts, epochs: 15 });
  [0.1, 0.5, 0.9].forEach((q, k) => assert.ok(Math.abs(r.coverage[k]! - q) < 0.08, `coverage ${r.coverage[k]} for q = ${q}`));
  fell(r.meanLoss[0]!, r.meanLoss.at(-1)!, 1.5);
  wrote(r.files, 2);
});

test('embeddings: both losses make the classes separable by centroid', async () => {
  const r = await embeddings.run({ ...opts, epochs: 8 });
  assert.ok(r.inputAccuracy < 0.5);
  for (const name of ['contrastive', 'triplet'] as const) {
    assert.ok(r.accuracy[name] > 0.8, `${name} accuracy ${r.accuracy[name]}`);
    fell(r.losses[name][0]!, r.losses[name].at(-1)!, 2);
  }
  wrote(r.files, 4);
});

test('gradcheck: the loss and the right derivative pass, the wrong derivative is caught', async () => {
  const r = await gradcheck.run({ ...opts, epochs: 100 });
  assert.ok(r.lossCheck.ok && r.customCheck.ok);
  assert.not.ok(r.wrongCheck.ok);
  assert.match(r.message, /gradcheck failed: input 0/);
  assert.match(r.graph, /logCauchy \[7\] <- leaf\[7\]/);
  fell(r.losses[0]!, r.losses.at(-1)!, 2);
  wrote(r.files, 2);
});

test('iris: 20 epochs of softmax regression beat 80% (chance 33%)', async () => {
  const r = await iris.run({ ...opts, epochs: 20 });
  assert.ok(r.testAccuracy > 0.8, `accuracy ${r.testAccuracy}`);
  fell(r.trainLoss[0]!, r.trainLoss.at(-1)!, 2);
  wrote(r.files, 1);
});

test('lenet: 20 steps on 640 digits beat 30% on 200 held out (chance 10%)', async () => {
  const r = await lenet.run({ ...opts, epochs: 1, train: 640, test: 200, batchSize: 32 });
  assert.ok(r.testAccuracy > 0.3, `accuracy ${r.testAccuracy}`);
  assert.ok(r.lastBatchLoss < r.firstBatchLoss, `loss ${r.firstBatchLoss} -> ${r.lastBatchLoss}`);
  wrote(r.files, 1);
});

test('lenet compiled (npm run example:lenet): the distortion on a worker thread gives the inline run\'s numbers', () => {
  const run = (workers: number) => {
    const r = spawnSync(process.execPath, ['scripts/example.mjs', 'lenet', '--epochs=1', '--train=320', '--test=100', `--workers=${workers}`], {
      encoding: 'utf8', env: { ...process.env, TAPEGRAD_EXAMPLES_OUT: outDir + '/' },
    });
    assert.is(r.status, 0, r.stderr);
    return r.stdout;
  };
  const onWorker = run(1), inline = run(0);
  const accuracy = (out: string) => /test accuracy ([\d.]+)% on 100 held-out digits/.exec(out)?.[1];
  assert.match(onWorker, /distortion on the worker: [\d.]+ s/);
  assert.not.match(inline, /distortion on the worker/);
  assert.ok(accuracy(inline) !== undefined && accuracy(onWorker) === accuracy(inline), `${accuracy(onWorker)} vs ${accuracy(inline)}`);
});

test('lenet --validate: measures on digits carved from the training ones, rejects a split that leaves none', async () => {
  const r = await lenet.run({ ...opts, epochs: 1, train: 420, validate: 100, batchSize: 32 });
  assert.is(r.evaluatedOn, 'validation');
  assert.is(r.evaluatedDigits, 100);
  assert.is(r.testAccuracyPerEpoch.length, 1);
  let message = '';
  await lenet.run({ ...opts, train: 100, validate: 100 }).catch((e: Error) => (message = e.message));
  assert.match(message, /lenet: validate must be an integer in \[0, train = 100\), got 100/);
});

test('charlm: 60 steps on 1,000 names; every model beats the uniform 3.30 nats/char', async () => {
  const r = await charlm.run({ ...opts, steps: 60, evalEvery: 30, limit: 1000, samples: 3 });
  const uniform = Math.log(27);
  assert.ok(r.loss.bigram < 2.7, `bigram ${r.loss.bigram}`);
  assert.ok(r.loss.mlp < uniform - 0.4 && r.loss.transformer < uniform - 0.4, JSON.stringify(r.loss));
  assert.ok(r.mlpCurve.val[0]! > r.loss.mlp && r.transformerCurve.val[0]! > r.loss.transformer);
  for (const names of Object.values(r.samples)) assert.ok(names.length === 3 && names.every((n) => /^[a-z]*$/.test(n)));
  wrote(r.files, 1);
});

test('onnx: the moons MLP + loss in ONNX Runtime agree with tapegrad (float32, 1e-5)', async () => {
  const r = await onnxExample.run({ ...opts, epochs: 10, reps: 3, batchSizes: [32, 100] });
  assert.ok(r.testAccuracy > 0.8, `accuracy ${r.testAccuracy}`);
  assert.equal(r.weights, ['layers.0.weight', 'layers.0.bias', 'layers.2.weight', 'layers.2.bias', 'layers.4.weight', 'layers.4.bias']);
  for (const row of r.rows) assert.ok(row.logits < 1e-5 && row.loss < 1e-5 && row.ortMs > 0 && row.tapegradMs > 0, JSON.stringify(row));
});

test.after(() => rmSync(outDir, { recursive: true, force: true }));

test('graph: the composite loss is drawn with one box per term, the transformer LM loss with one box per layer, laid out by Graphviz', async () => {
  const r = await graph.run(opts);
  for (const term of ['MLP', 'logitCrossentropy', 'diceCoeffLoss', 'weightDecay']) assert.match(r.dots.ops!, new RegExp(`label="${term}"; labelloc`));
  assert.match(r.dots.layers!, /label="layers.0\\n\[60,8\] float32\\n‖∇‖ [\d.e-]+", shape=box3d/);
  assert.match(r.dots.terms!, /label="weightDecay\\n\[\] float32\\n‖∇‖ 1", shape=box3d/);
  assert.match(r.dots.transformer!, /label="block"; labelloc/);
  for (const layer of ['tok', 'norm1', 'selfAttn', 'norm2', 'linear1', 'linear2', 'head']) assert.match(r.dots.transformer!, new RegExp(`label="${layer}\\\\n\\[[\\d,]+\\] float32\\\\n‖∇‖ [\\d.e-]+", shape=box3d`));
  assert.match(r.dots.transformer!, /label="logitCrossentropy"; labelloc/);
  wrote(r.files, 4);
  const svg = readFileSync(r.files.find((f) => f.endsWith('graph-transformer.svg'))!, 'utf8');
  for (const box of ['block', 'norm1', 'selfAttn', 'linear2', 'logitCrossentropy']) assert.ok(svg.includes(`>${box}</text>`), `graph-transformer.svg: no box '${box}'`);
});

test.run();
