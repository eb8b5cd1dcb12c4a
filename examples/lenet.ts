/**
 * A LeNet-style CNN on the 10,000 digits of the `mnist` package (9,000 train / 1,000 held out):
 * conv 5×5 (6, padding 2) → ReLU → max-pool 2 → conv 5×5 (16) → ReLU → max-pool 2 → 400-120-84-10
 * (LeNet-5 with ReLU and max-pooling), Adam with a cosine schedule, ±1 px random shifts of the
 * training images. `padding: 0` drops the first layer's padding (256 features after the convs,
 * 30% fewer multiply-adds; 98.0% held out in an earlier 12-epoch run).
 *
 * The schedule (epochs, lr, shift) was chosen with `--validate`, which trains on the first 8,000 of
 * the 9,000 training digits and measures on the other 1,000 of them; the 1,000 held-out digits are
 * never loaded in that mode, so they were read once, by the final schedule. Validation accuracy
 * (lr 2e-3, seed 0): 12 epochs ±1 px 97.1% (loss 0.108), 14 epochs ±1 px 97.1% (loss 0.106),
 * 14 epochs ±2 px 96.9% (loss 0.116). One digit is 0.1% and the standard error at 97% is ~0.5%, so
 * these are a tie: 14 epochs ±1 px was kept on the lower validation loss, and it still fits in the
 * 3-minute budget. Held out, read once: 98.5% in 2 min 02 s (the validation digits come out harder).
 *
 *   npm run example:lenet
 *   npm run example:lenet -- --validate --epochs=14 --shift=2     (any run() option as --name=value)
 */
import { concat, losses, manualSeed, nn, Adam, CosineAnnealingLR, data, tensor, type Tensor } from '../src/index.js';
import { loadDigits } from '../src/datasets/index.js';
import { createRng, type Rng } from '../src/data/sources.js';
import { accuracy, evaluate, isMain, range, Reporter, type ExampleOptions } from './lib/common.js';
import { shiftImages } from './mnist.js';

export interface LenetOptions extends ExampleOptions {
  train?: number;
  test?: number;
  batchSize?: number;
  lr?: number;
  /** Largest random shift (pixels, each axis) of training images; 0 turns it off. */
  shift?: number;
  /** Largest random rotation (degrees) of training images; with `zoom`, the shift becomes continuous (bilinear resampling). */
  rotate?: number;
  /** Largest relative random zoom of training images (0.1: scale in [0.9, 1.1]). */
  zoom?: number;
  /** Zero padding of the first convolution (2 in LeNet-5). */
  padding?: number;
  /** Dropout probability after each hidden fully connected layer (0: none). */
  dropout?: number;
  /** Label smoothing α of the cross-entropy (0: none). */
  smoothing?: number;
  /**
   * Hold this many of the `train` digits back as a validation set and train on the rest; the
   * held-out `test` digits are not loaded at all (0, the default: train on all, report the test set).
   */
  validate?: number;
}

export function lenet(padding = 2, dropout = 0): nn.Sequential {
  const side = (28 + 2 * padding - 4) / 2 - 4;
  const drop = () => (dropout > 0 ? [new nn.Dropout(dropout)] : []);
  return new nn.Sequential(
    new nn.Conv2d(1, 6, 5, { padding }), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(6, 16, 5), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(16 * (side / 2) ** 2, 120), new nn.ReLU(), ...drop(),
    new nn.Linear(120, 84), new nn.ReLU(), ...drop(),
    new nn.Linear(84, 10),
  );
}

const asImages = (x: Tensor) => x.reshape([x.shape[0]!, 1, 28, 28]);

/**
 * Random affine copies of 28×28 images [n, 784]: rotation by up to ±rotate degrees, scale in
 * [1 − zoom, 1 + zoom] and shift by up to ±shift px (each axis) about the centre, each output
 * pixel read back through the inverse map with bilinear interpolation (0 outside the image).
 */
export function affineImages(xb: Tensor, { rotate, zoom, shift }: { rotate: number; zoom: number; shift: number }, rng: Rng): Tensor {
  const n = xb.shape[0]!, src = xb.contiguousData(), out = new Float32Array(n * 784), c = 13.5;
  // each image inside a 1-pixel zero border (30×30): every tap of a point within one pixel of the
  // image reads the border instead of being bounds-checked, and points farther out are 0
  const framed = new Float32Array(900);
  for (let i = 0; i < n; i++) {
    const angle = (rng.range(-1, 1) * rotate * Math.PI) / 180, scale = 1 + rng.range(-1, 1) * zoom;
    const tx = rng.range(-1, 1) * shift, ty = rng.range(-1, 1) * shift;
    const img = i * 784;
    for (let y = 0; y < 28; y++) framed.set(src.subarray(img + y * 28, img + y * 28 + 28), (y + 1) * 30 + 1);
    // inverse map: p_src = R(−angle)·(p − c − t)/scale + c
    const cos = Math.cos(angle) / scale, sin = Math.sin(angle) / scale;
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const u = x - c - tx, v = y - c - ty;
        const sx = cos * u + sin * v + c, sy = -sin * u + cos * v + c;
        const x0 = Math.floor(sx), y0 = Math.floor(sy), fx = sx - x0, fy = sy - y0;
        if (x0 < -1 || x0 > 27 || y0 < -1 || y0 > 27) continue;
        const at = (y0 + 1) * 30 + x0 + 1;
        out[img + y * 28 + x] = (1 - fy) * ((1 - fx) * framed[at]! + fx * framed[at + 1]!) + fy * ((1 - fx) * framed[at + 30]! + fx * framed[at + 31]!);
      }
    }
  }
  return tensor(out, { shape: [n, 784] });
}

export async function run(opts: LenetOptions = {}) {
  const { epochs = 14, train = 9000, test = 1000, batchSize = 64, lr = 2e-3, shift = 1, rotate = 0, zoom = 0, padding = 2, dropout = 0, smoothing = 0, seed = 0, validate = 0 } = opts;
  const r = new Reporter('lenet', opts);
  manualSeed(seed);
  const t0 = performance.now(), cpu0 = process.cpuUsage();
  if (!Number.isInteger(validate) || validate < 0 || validate >= train) {
    throw new RangeError(`lenet: validate must be an integer in [0, train = ${train}), got ${validate}`);
  }
  // loadDigits takes `train` then `test` digits from one seeded permutation, so the validation
  // digits (the last `validate` of the training ones) never include a held-out digit.
  const split = validate > 0 ? { train: train - validate, test: validate } : { train, test };
  const evalName = validate > 0 ? 'validation' : 'test';
  const { xTrain, yTrain, xTest, yTest } = await loadDigits({ ...split, seed });
  const nEval = split.test;
  const model = lenet(padding, dropout);
  const nParams = model.parameters().reduce((s, p) => s + p.size, 0);
  r.log(`lenet: ${split.train} training digits, ${nEval} ${validate > 0 ? 'validation (from the training digits)' : 'held out'}; LeNet-5 style CNN (${nParams} parameters), Adam, lr ${lr}, batch ${batchSize}, ${epochs} epochs, shifts ±${shift} px`);

  const opt = new Adam(model.parameters(), { lr });
  const schedule = new CosineAnnealingLR(opt, { tMax: epochs });
  const rng = createRng(seed);
  const loader = data.batches(xTrain, yTrain, { batchSize, shuffle: true, seed });
  const progress = r.progress(epochs, loader.length, batchSize);
  const testAcc: number[] = [], testLoss: number[] = [];
  const measure = () => evaluate(() => {
    // In chunks of 250, so im2col of the whole test set never sits in memory at once.
    const logits = range(Math.ceil(nEval / 250)).map((k) => model.forward(asImages(xTest.slice(0, k * 250, (k + 1) * 250))));
    const all = concat(logits, 0);
    return { acc: accuracy(all, yTest), loss: losses.logitCrossentropy(all, yTest).item() };
  }, model);

  let trainSeconds = 0, steps = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    let batch = 0;
    const e0 = performance.now();
    for (const [xb, yb] of loader) {
      const x = asImages(rotate > 0 || zoom > 0 ? affineImages(xb, { rotate, zoom, shift }, rng) : shift > 0 ? shiftImages(xb, shift, rng) : xb);
      const loss = losses.logitCrossentropy(model.forward(x), yb, { labelSmoothing: smoothing });
      opt.zeroGrad();
      loss.backward();
      opt.step();
      steps++;
      progress.update({ epoch, batch: batch++, loss: loss.item(), size: xb.shape[0] });
    }
    trainSeconds += (performance.now() - e0) / 1000;
    schedule.step();
    const m = measure();
    testAcc.push(m.acc);
    testLoss.push(m.loss);
    progress.endEpoch({ [`${evalName} loss`]: m.loss, [`${evalName} acc`]: m.acc });
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0), cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const finalAcc = testAcc.at(-1)!;
  progress.done({ [`${evalName} acc`]: finalAcc });
  const ep = range(epochs).map((e) => e + 1);
  r.lossCurve([
    { name: 'train loss (per batch)', x: progress.batchLosses.map((_, i) => (i + 1) / loader.length), y: progress.batchLosses, color: '#c6d3e1' },
    { name: 'train loss (epoch mean)', x: ep, y: progress.history.map((h) => h.meanLoss) },
    { name: `${evalName} loss`, x: ep, y: testLoss, dashed: true },
  ], { logY: true, terminal: progress.batchLosses });
  const msPerStep = (1000 * trainSeconds) / steps;
  r.log(`${evalName} accuracy ${(100 * finalAcc).toFixed(2)}% on ${nEval} ${validate > 0 ? 'validation' : 'held-out'} digits; ${seconds.toFixed(1)} s in all (${cpuSeconds.toFixed(1)} s of CPU), ${msPerStep.toFixed(1)} ms per training step of ${batchSize}`);
  return { evaluatedOn: evalName, evaluatedDigits: nEval, testAccuracy: finalAcc, testAccuracyPerEpoch: testAcc, trainLoss: progress.history.map((h) => h.meanLoss), firstBatchLoss: progress.batchLosses[0]!, lastBatchLoss: progress.batchLosses.at(-1)!, seconds, cpuSeconds, msPerStep, files: r.files };
}

/** `--validate` (1,000 digits) or `--validate=n`, and any other numeric option as `--name=value`. */
function parseArgs(args: string[]): LenetOptions {
  const known = ['epochs', 'train', 'test', 'batchSize', 'lr', 'shift', 'rotate', 'zoom', 'padding', 'dropout', 'smoothing', 'seed', 'validate'];
  const opts: Record<string, number> = {};
  for (const arg of args) {
    const m = /^--(\w+)(?:=(.*))?$/.exec(arg);
    const value = m?.[2] === undefined ? (m?.[1] === 'validate' ? 1000 : NaN) : Number(m[2]);
    if (!m || !known.includes(m[1]!) || !Number.isFinite(value)) {
      throw new Error(`lenet: cannot read argument ${arg}; use --validate[=n] or --name=number with name one of ${known.join(', ')}`);
    }
    opts[m[1]!] = value;
  }
  return opts;
}

if (isMain(import.meta.url)) await run(parseArgs(process.argv.slice(2)));
