/**
 * A character-level language model of first names (makemore-style), three ways: bigram counts,
 * an MLP over the previous 3 characters (Bengio et al. 2003), and a small causal transformer.
 * Corpus: examples/data/names.txt (8,403 names), 90% to train, 10% held out. Every model is
 * scored the same way: the mean negative log-likelihood, in nats per character, of each held-out
 * name's characters and its end, each given the characters before it. Both neural models take the
 * same number of Adam steps (lr 3e-3); an MLP step sees 64 (context, next) pairs, a transformer
 * step 16 whole names (about 130 characters).
 *
 *   npm run example:charlm
 */
import { existsSync, readFileSync } from 'node:fs';
import { losses, manualSeed, nn, noGrad, Adam, tensor, type Tensor } from '../src/index.js';
import { createRng, permutation, type Rng } from '../src/data/sources.js';
import { isMain, Reporter, type ExampleOptions } from './lib/common.js';
import { lineChart } from './lib/svg.js';

/** '.' (index 0) marks both the start and the end of a name. */
export const VOCAB = '.abcdefghijklmnopqrstuvwxyz';
const V = VOCAB.length;
const encode = (s: string) => Array.from(s, (ch) => VOCAB.indexOf(ch));

/** examples/data/names.txt, found from this file whether it runs as TypeScript or compiled to .tmp/examples/. */
export function loadNames(): string[] {
  const here = new URL('./data/names.txt', import.meta.url), compiled = new URL('../../../examples/data/names.txt', import.meta.url);
  return readFileSync(existsSync(here) ? here : compiled, 'utf8').split('\n').filter((s) => s.length > 0);
}

export interface CharlmOptions extends ExampleOptions {
  /** Training steps of each neural model (`epochs` is not used: the models train by steps). */
  steps?: number;
  /** Steps between validation passes. */
  evalEvery?: number;
  batchSize?: number;
  /** Use only the first n names of the shuffled corpus (for a quick run). */
  limit?: number;
  /** Transformer blocks. */
  blocks?: number;
  /** Names printed per model. */
  samples?: number;
}

/** (context, next) pairs of every name: context = the `k` previous characters, '.'-padded. */
function contexts(names: string[], k: number): { ctx: Int32Array; next: Int32Array } {
  const ctx: number[] = [], next: number[] = [];
  for (const name of names) {
    const window = new Array<number>(k).fill(0);
    for (const c of [...encode(name), 0]) {
      ctx.push(...window);
      next.push(c);
      window.shift();
      window.push(c);
    }
  }
  return { ctx: Int32Array.from(ctx), next: Int32Array.from(next) };
}

function sampleFrom(probs: ArrayLike<number>, rng: Rng): number {
  let u = rng.uniform();
  for (let i = 0; i < probs.length; i++) if ((u -= probs[i]!) < 0) return i;
  return probs.length - 1;
}

/** Names drawn one character at a time from `next(prefix)` (probabilities of the next character). */
function generate(next: (prefix: number[]) => ArrayLike<number>, count: number, rng: Rng, maxLen: number): string[] {
  return Array.from({ length: count }, () => {
    const out: number[] = [];
    while (out.length < maxLen) {
      const c = sampleFrom(next(out), rng);
      if (c === 0) break;
      out.push(c);
    }
    return out.map((c) => VOCAB[c]).join('');
  });
}

class CharMLP extends nn.Module {
  readonly emb = new nn.Embedding(V, 16);
  readonly hidden = new nn.Linear(16 * 3, 128);
  readonly out = new nn.Linear(128, V);
  forward(ctx: Tensor): Tensor {
    return this.out.forward(this.hidden.forward(this.emb.forward(ctx).reshape([ctx.shape[0]!, -1])).tanh());
  }
}

class CharTransformer extends nn.Module {
  readonly tok: nn.Embedding;
  readonly pos: nn.Embedding;
  readonly blocks: nn.TransformerBlock[];
  readonly norm: nn.LayerNorm;
  readonly head: nn.Linear;
  constructor(readonly blockSize: number, dim: number, heads: number, depth: number) {
    super();
    this.tok = new nn.Embedding(V, dim);
    this.pos = new nn.Embedding(blockSize, dim);
    this.blocks = Array.from({ length: depth }, () => new nn.TransformerBlock(dim, heads, { ffDim: 4 * dim }));
    this.norm = new nn.LayerNorm(dim);
    this.head = new nn.Linear(dim, V);
  }
  /** x [B, T] int32 → logits [B, T, V]; position t sees positions ≤ t only. */
  forward(x: Tensor): Tensor {
    const T = x.shape[1]!;
    const positions = tensor(Int32Array.from({ length: T }, (_, i) => i), { shape: [T] });
    let h = this.tok.forward(x).add(this.pos.forward(positions));
    for (const b of this.blocks) h = b.forward(h);
    return this.head.forward(this.norm.forward(h));
  }
}

/** Names as padded sequences: x = '.' + name, y = name + '.', y = −100 (ignored) past the end. */
function sequences(names: string[], T: number): { x: Int32Array; y: Int32Array } {
  const x = new Int32Array(names.length * T), y = new Int32Array(names.length * T).fill(-100);
  names.forEach((name, i) => {
    const chars = encode(name);
    chars.forEach((c, t) => { x[i * T + t + 1] = c; y[i * T + t] = c; });
    y[i * T + chars.length] = 0;
  });
  return { x, y };
}

export async function run(opts: CharlmOptions = {}) {
  const { steps = 2000, evalEvery = 100, batchSize = 64, limit, blocks = 1, samples = 8, seed = 0 } = opts;
  const r = new Reporter('charlm', opts);
  manualSeed(seed);
  const t0 = performance.now();
  const all = loadNames();
  const order = permutation(all.length, seed);
  const names = Array.from(order, (i) => all[i]!).slice(0, limit ?? all.length);
  const nVal = Math.max(1, Math.round(names.length / 10));
  const val = names.slice(0, nVal), train = names.slice(nVal);
  const maxLen = Math.max(...all.map((n) => n.length));
  const T = maxLen + 1;
  r.log(`charlm: ${train.length} training names, ${val.length} held out; vocabulary ${V} ('.' = start/end), longest name ${maxLen}`);
  const rng = createRng(seed);

  // 1. Bigram counts with add-one smoothing: P(b | a) = (n(a, b) + 1) / (n(a) + V).
  const bigram = contexts(train, 1);
  const counts = new Float64Array(V * V).fill(1);
  bigram.ctx.forEach((a, i) => counts[a * V + bigram.next[i]!]!++);
  const probs = new Float64Array(V * V);
  for (let a = 0; a < V; a++) {
    let rowSum = 0;
    for (let b = 0; b < V; b++) rowSum += counts[a * V + b]!;
    for (let b = 0; b < V; b++) probs[a * V + b] = counts[a * V + b]! / rowSum;
  }
  const bigramVal = contexts(val, 1);
  let nll = 0;
  bigramVal.ctx.forEach((a, i) => { nll -= Math.log(probs[a * V + bigramVal.next[i]!]!); });
  const bigramLoss = nll / bigramVal.next.length;
  r.log(`bigram counts: held-out loss ${bigramLoss.toFixed(4)} nats/char`);
  const bigramSamples = generate((p) => probs.subarray((p.at(-1) ?? 0) * V, ((p.at(-1) ?? 0) + 1) * V), samples, rng, maxLen);

  // 2. MLP on the previous 3 characters.
  const mlpTrain = contexts(train, 3), mlpVal = contexts(val, 3);
  const mlp = new CharMLP();
  const mlpValX = tensor(mlpVal.ctx, { shape: [mlpVal.next.length, 3] }), mlpValY = tensor(mlpVal.next);
  const mlpCurve = trainModel('mlp', mlp, steps, evalEvery, batchSize, r, (idx) => {
    const ctx = new Int32Array(idx.length * 3), next = new Int32Array(idx.length);
    idx.forEach((k, i) => { ctx.set(mlpTrain.ctx.subarray(3 * k, 3 * k + 3), 3 * i); next[i] = mlpTrain.next[k]!; });
    return losses.logitCrossentropy(mlp.forward(tensor(ctx, { shape: [idx.length, 3] })), tensor(next));
  }, mlpTrain.next.length, () => losses.logitCrossentropy(mlp.forward(mlpValX), mlpValY).item(), rng);
  const mlpSamples = generate((p) => noGrad(() => {
    const ctx = [0, 0, 0, ...p].slice(-3);
    return mlp.forward(tensor(Int32Array.from(ctx), { shape: [1, 3] })).softmax(-1).contiguousData();
  }), samples, rng, maxLen);

  // 3. Causal transformer over whole names.
  const tf = new CharTransformer(T, 32, 4, blocks);
  const seqTrain = sequences(train, T), seqVal = sequences(val, T);
  const valX = tensor(seqVal.x, { shape: [val.length, T] }), valY = tensor(seqVal.y, { shape: [val.length * T] });
  const tfCurve = trainModel(`transformer (${blocks} block${blocks > 1 ? 's' : ''})`, tf, steps, evalEvery, Math.max(1, Math.round(batchSize / 4)), r, (idx) => {
    const x = new Int32Array(idx.length * T), y = new Int32Array(idx.length * T);
    idx.forEach((k, i) => { x.set(seqTrain.x.subarray(k * T, (k + 1) * T), i * T); y.set(seqTrain.y.subarray(k * T, (k + 1) * T), i * T); });
    return losses.logitCrossentropy(tf.forward(tensor(x, { shape: [idx.length, T] })).reshape([-1, V]), tensor(y));
  }, train.length, () => losses.logitCrossentropy(tf.forward(valX).reshape([-1, V]), valY).item(), rng);
  const tfSamples = generate((p) => noGrad(() => {
    const x = tensor(Int32Array.from([0, ...p]), { shape: [1, p.length + 1] });
    return tf.forward(x).select(1, p.length).softmax(-1).contiguousData();
  }), samples, rng, maxLen);

  const seconds = (performance.now() - t0) / 1000;
  const curves = [
    { name: `bigram counts (${bigramLoss.toFixed(3)})`, x: [0, steps], y: [bigramLoss, bigramLoss], dashed: true },
    { name: `MLP, 3 characters (${mlpCurve.val.at(-1)!.toFixed(3)})`, x: mlpCurve.steps, y: mlpCurve.val },
    { name: `transformer, ${blocks} block${blocks > 1 ? 's' : ''} (${tfCurve.val.at(-1)!.toFixed(3)})`, x: tfCurve.steps, y: tfCurve.val },
  ];
  r.svg('charlm-loss.svg', () => lineChart({ title: 'charlm: held-out loss (nats/char)', xLabel: 'training step', yLabel: 'nats/char', series: curves }));
  const results = { bigram: bigramLoss, mlp: mlpCurve.val.at(-1)!, transformer: tfCurve.val.at(-1)! };
  r.log(`held-out nats/char: bigram ${results.bigram.toFixed(4)}, MLP ${results.mlp.toFixed(4)}, transformer ${results.transformer.toFixed(4)} (${seconds.toFixed(1)} s; ms per training step: MLP ${mlpCurve.msPerStep.toFixed(1)}, transformer ${tfCurve.msPerStep.toFixed(1)})`);
  r.log(`samples, bigram:      ${bigramSamples.join(' ')}`);
  r.log(`samples, MLP:         ${mlpSamples.join(' ')}`);
  r.log(`samples, transformer: ${tfSamples.join(' ')}`);
  return {
    loss: results, mlpCurve, transformerCurve: tfCurve, seconds, files: r.files,
    samples: { bigram: bigramSamples, mlp: mlpSamples, transformer: tfSamples },
    msPerStep: { mlp: mlpCurve.msPerStep, transformer: tfCurve.msPerStep },
  };
}

/** Adam on random minibatches of `n` examples; the held-out loss every `evalEvery` steps. */
function trainModel(label: string, model: nn.Module, steps: number, evalEvery: number, batchSize: number, r: Reporter,
  lossOf: (idx: number[]) => Tensor, n: number, valLoss: () => number, rng: Rng) {
  const opt = new Adam(model.parameters(), { lr: 3e-3 });
  const evals = Math.ceil(steps / evalEvery);
  const progress = r.progress(evals, evalEvery, batchSize, `charlm ${label}`);
  const curve = { steps: [0], val: [noGrad(valLoss)], msPerStep: 0 };
  let trainMs = 0;
  for (let step = 0; step < steps; step++) {
    const t = performance.now();
    const idx = Array.from({ length: batchSize }, () => rng.int(n));
    const loss = lossOf(idx);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    trainMs += performance.now() - t;
    progress.update({ epoch: Math.floor(step / evalEvery), batch: step % evalEvery, loss: loss.item() });
    if ((step + 1) % evalEvery === 0 || step + 1 === steps) {
      curve.steps.push(step + 1);
      curve.val.push(noGrad(valLoss));
      if ((step + 1) % evalEvery === 0) progress.endEpoch({ 'held-out nats/char': curve.val.at(-1)! });
    }
  }
  progress.done({ 'held-out nats/char': curve.val.at(-1)! });
  curve.msPerStep = trainMs / steps;
  return curve;
}

if (isMain(import.meta.url)) await run();
