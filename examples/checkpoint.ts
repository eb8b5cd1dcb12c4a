/**
 * Stop, save, resume: a spirals classifier (MLP with dropout, AdamW, linear warm-up) is trained
 * for 12 epochs straight through, and again for 5 epochs, checkpointed to safetensors files,
 * rebuilt from scratch in fresh objects and resumed for 7 more. Model weights, optimizer moments,
 * the schedule and the two random streams (batch order, dropout masks) all come from the files,
 * so both runs end with the same parameters, bit for bit. The weights also go out as .npy files
 * for NumPy (`numpy.load`) and the state dict as one .safetensors file PyTorch reads.
 *
 *   npm run example:checkpoint
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { data, Generator, losses, manualSeed, nn, optim, tensor, type Tensor } from '../src/index.js';
import { load, loadSafetensors, save } from '../src/node.js';
import { isMain, Reporter, type ExampleOptions } from './lib/common.js';

/** Everything a training run holds: rebuilt identically from the same options. */
function setup(seed: number) {
  manualSeed(seed); // the initial weights come from the global stream
  const batchRng = new Generator(seed), dropoutRng = new Generator(seed + 1);
  const model = new nn.Sequential(new nn.Linear(2, 32), new nn.Tanh(), new nn.Dropout(0.1, { generator: dropoutRng }), new nn.Linear(32, 3));
  const opt = new optim.AdamW(model.parameters(), { lr: 0.02 });
  const warmup = new optim.LinearLR(opt, { startFactor: 0.2, totalIters: 4 });
  return { model, opt, warmup, batchRng, dropoutRng };
}
type Run = ReturnType<typeof setup>;

function trainEpochs(run: Run, x: Tensor, y: Tensor, epochs: number): number[] {
  const out: number[] = [];
  for (let e = 0; e < epochs; e++) {
    let sum = 0, count = 0;
    for (const [xb, yb] of data.batches(x, y, { batchSize: 32, shuffle: true, generator: run.batchRng })) {
      const loss = losses.logitCrossentropy(run.model.forward(xb), yb);
      run.opt.zeroGrad();
      loss.backward();
      optim.clipGradNorm(run.model.parameters(), 5);
      run.opt.step();
      sum += loss.item();
      count++;
    }
    run.warmup.step();
    out.push(sum / count);
  }
  return out;
}

const streamState = (g: Generator) => tensor(Float64Array.from(g.getState()));

export async function run(opts: ExampleOptions & { dir?: string } = {}) {
  const { epochs = 12, seed = 0 } = opts;
  const stopAt = Math.floor(epochs / 2) - 1;
  const r = new Reporter('checkpoint', opts);
  const { x, y } = data.spirals(300, { seed });
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'tapegrad-checkpoint-'));

  const straight = setup(seed);
  const lossStraight = trainEpochs(straight, x, y, epochs);

  const first = setup(seed);
  const lossFirst = trainEpochs(first, x, y, stopAt);
  save(join(dir, 'model.safetensors'), first.model.stateDict(), { metadata: { epoch: String(stopAt) } });
  save(join(dir, 'optim.safetensors'), first.opt.stateDict());
  save(join(dir, 'sched.safetensors'), first.warmup.stateDict());
  save(join(dir, 'rng.safetensors'), { batches: streamState(first.batchRng), dropout: streamState(first.dropoutRng) });
  for (const [name, w] of first.model.namedParameters()) save(join(dir, `${name}.npy`), w);
  r.log(`stopped after epoch ${stopAt}; checkpoint in ${dir}`);

  const resumed = setup(seed + 100); // other weights and streams: everything must come from the files
  resumed.model.loadStateDict(load(join(dir, 'model.safetensors')));
  resumed.opt.loadStateDict(load(join(dir, 'optim.safetensors')));
  resumed.warmup.loadStateDict(load(join(dir, 'sched.safetensors')));
  const rng = load(join(dir, 'rng.safetensors'));
  resumed.batchRng.setState(Array.from(rng['batches']!.contiguousData()));
  resumed.dropoutRng.setState(Array.from(rng['dropout']!.contiguousData()));
  const epochSaved = Number(loadSafetensors(join(dir, 'model.safetensors')).metadata['epoch']);
  const lossResumed = trainEpochs(resumed, x, y, epochs - epochSaved);

  const a = straight.model.parameters(), b = resumed.model.parameters();
  let maxAbsDiff = 0;
  a.forEach((p, i) => p.contiguousData().forEach((v, j) => { maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - b[i]!.contiguousData()[j]!)); }));
  const identical = maxAbsDiff === 0 && [...lossFirst, ...lossResumed].every((l, i) => l === lossStraight[i]);
  r.log(`epoch losses straight through: ${lossStraight.map((l) => l.toFixed(4)).join(' ')}`);
  r.log(`stopped and resumed:           ${[...lossFirst, ...lossResumed].map((l) => l.toFixed(4)).join(' ')}`);
  r.log(`largest parameter difference: ${maxAbsDiff} (${identical ? 'identical runs' : 'the runs differ'})`);
  if (!opts.dir) rmSync(dir, { recursive: true, force: true });
  return { identical, maxAbsDiff, lossStraight, lossResumed: [...lossFirst, ...lossResumed] };
}

if (isMain(import.meta.url)) await run();
