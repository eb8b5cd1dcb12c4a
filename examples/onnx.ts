/**
 * Taking a trained model elsewhere: the two-moons MLP (2-16-16-1 tanh, logitBinaryCrossentropy,
 * Adam) exported to ONNX, model and loss in one graph, the loss a named function; ONNX Runtime
 * (onnxruntime-web's CPU backend, also in Node) runs it and gives the same logits and loss. Prints
 * the agreement and the time per batch of ONNX Runtime next to tapegrad's forward.
 *
 *   npm run example:onnx
 */
import * as ort from 'onnxruntime-web';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Adam, data, losses, manualSeed, nn, noGrad, onnxInitializers, type Tensor } from '../src/index.js';
import { saveOnnx } from '../src/node.js';
import { isMain, Reporter, type ExampleOptions } from './lib/common.js';

ort.env.wasm.numThreads = 1;

/** The largest |a − b| / (|b| + 1e-6) over the elements. */
function worstRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (Math.abs(b[i]!) + 1e-6));
  return worst;
}

/** Median milliseconds of `fn` over `reps` runs after one warm-up. */
async function timeMs(fn: () => unknown, reps: number): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((p, q) => p - q)[reps >> 1]!;
}

export async function run(opts: ExampleOptions & { batchSizes?: number[]; reps?: number } = {}) {
  const { epochs = 40, seed = 0, batchSizes = [32, 500], reps = 50 } = opts;
  const r = new Reporter('onnx', opts);
  manualSeed(seed);
  const toBinary = (s: { x: Tensor; y: Tensor }) => ({ x: s.x, y: s.y.to('float32').reshape([-1, 1]) });
  const train = toBinary(data.twoMoons(500, { noise: 0.2, seed }));
  const test = toBinary(data.twoMoons(500, { noise: 0.2, seed: seed + 1000 }));

  const model = new nn.MLP([2, 16, 16, 1], 'tanh');
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  const loader = data.batches(train.x, train.y, { batchSize: 32, shuffle: true, seed });
  let lastLoss = NaN;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const [xb, yb] of loader) {
      const loss = losses.logitBinaryCrossentropy(model.forward(xb), yb);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      lastLoss = loss.item();
    }
  }
  r.log(`trained the 2-16-16-1 tanh MLP for ${epochs} epochs (last batch loss ${lastLoss.toFixed(4)})`);

  // Model and loss in one graph; the batch dim is symbolic, so one file serves every batch size.
  const f = (x: Tensor, y: Tensor) => {
    const logits = model.forward(x);
    return [logits, losses.logitBinaryCrossentropy(logits, y)];
  };
  const dir = mkdtempSync(join(tmpdir(), 'tapegrad-onnx-'));
  let bytes: Uint8Array;
  try {
    bytes = saveOnnx(join(dir, 'moons.onnx'), f, [test.x.slice(0, 0, 32), test.y.slice(0, 0, 32)], {
      params: model.namedParameters(), inputNames: ['x', 'y'], outputNames: ['logits', 'loss'],
    });
  } finally {
    rmSync(dir, { recursive: true });
  }
  const weights = Object.keys(onnxInitializers(bytes));
  r.log(`exported ${bytes.length} bytes: initializers ${weights.join(', ')}; the loss is the function tapegrad.losses.logitBinaryCrossentropy`);

  const session = await ort.InferenceSession.create(bytes);
  const rows: { batch: number; logits: number; loss: number; ortMs: number; tapegradMs: number }[] = [];
  try {
    for (const n of batchSizes) {
      const x = test.x.slice(0, 0, n), y = test.y.slice(0, 0, n);
      const feeds = {
        x: new ort.Tensor('float32', x.contiguousData().slice(), x.shape),
        y: new ort.Tensor('float32', y.contiguousData().slice(), y.shape),
      };
      const out = await session.run(feeds);
      const [logits, loss] = noGrad(() => f(x, y));
      rows.push({
        batch: n,
        logits: worstRelative(out.logits!.data as Float32Array, logits!.contiguousData()),
        loss: worstRelative(out.loss!.data as Float32Array, loss!.contiguousData()),
        ortMs: await timeMs(() => session.run(feeds), reps),
        tapegradMs: await timeMs(() => noGrad(() => f(x, y)), reps),
      });
    }
  } finally {
    await session.release();
  }
  r.log('batch | max rel. diff logits | max rel. diff loss | ONNX Runtime ms/batch | tapegrad ms/batch');
  for (const row of rows) {
    r.log(`${String(row.batch).padStart(5)} | ${row.logits.toExponential(2).padStart(20)} | ${row.loss.toExponential(2).padStart(18)} | ${row.ortMs.toFixed(3).padStart(21)} | ${row.tapegradMs.toFixed(3).padStart(17)}`);
  }
  const testAccuracy = noGrad(() => {
    const z = model.forward(test.x).contiguousData(), t = test.y.contiguousData();
    let hit = 0;
    for (let i = 0; i < z.length; i++) if ((z[i]! > 0 ? 1 : 0) === t[i]) hit++;
    return hit / z.length;
  });
  r.log(`test accuracy ${(100 * testAccuracy).toFixed(1)}%`);
  return { testAccuracy, bytes: bytes.length, weights, rows, files: r.files };
}

if (isMain(import.meta.url)) await run();
