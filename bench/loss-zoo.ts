// The loss-zoo table: for each loss name of tapegrad's `losses` namespace, the inputs it takes
// (generated identically for every library) and its options. A library's side maps the same
// names to its own implementation; names missing from this table are skipped with a note.
import { Rng, oneHotF32 } from './common.js';

/** Batch and class count of every loss-zoo input: prediction [N, C] (or [N] for index targets). */
export const ZOO_N = 4096;
export const ZOO_C = 10;

export type Gen =
  | 'normal' // N(0, 1) [N, C]: predictions, logits, regression targets
  | 'prob' // uniform (0.02, 0.98) [N, C]: elementwise probabilities
  | 'binary' // {0, 1} [N, C]
  | 'sign' // {-1, 1} [N, C]
  | 'signRow' // {-1, 1} [N]
  | 'probRows' // softmax of N(0, 1) rows [N, C]: distributions over dim 1
  | 'logProbRows' // log of probRows [N, C]
  | 'onehot' // one-hot rows [N, C]
  | 'indices' // int32 class indices [N]
  | 'positive'; // uniform (0.1, 3) [N, C]

export interface ZooInput {
  gen: Gen;
  shape: number[];
  data: Float32Array | Int32Array;
}

export interface ZooCase {
  /** Inputs in call order; the gradient is taken with respect to the first. */
  args: Gen[];
  opts?: Record<string, number | string | boolean>;
  note?: string;
}

export const ZOO: Record<string, ZooCase> = {
  mse: { args: ['normal', 'normal'] },
  mae: { args: ['normal', 'normal'] },
  msle: { args: ['positive', 'positive'] },
  huberLoss: { args: ['normal', 'normal'] },
  smoothL1Loss: { args: ['normal', 'normal'] },
  crossentropy: { args: ['probRows', 'onehot'] },
  logitCrossentropy: { args: ['normal', 'indices'], note: 'class-index targets' },
  binaryCrossentropy: { args: ['prob', 'binary'] },
  logitBinaryCrossentropy: { args: ['normal', 'binary'] },
  kldivergence: { args: ['probRows', 'probRows'] },
  poissonLoss: { args: ['positive', 'positive'] },
  hingeLoss: { args: ['normal', 'sign'] },
  squaredHingeLoss: { args: ['normal', 'sign'] },
  diceCoeffLoss: { args: ['prob', 'binary'] },
  tverskyLoss: { args: ['prob', 'binary'] },
  binaryFocalLoss: { args: ['prob', 'binary'] },
  focalLoss: { args: ['probRows', 'onehot'] },
  siameseContrastiveLoss: { args: ['positive', 'binary'] },
  nllLoss: { args: ['logProbRows', 'indices'] },
  logCoshLoss: { args: ['normal', 'normal'] },
  quantileLoss: { args: ['normal', 'normal'], opts: { quantile: 0.9 } },
  mape: { args: ['normal', 'normal'] },
  smape: { args: ['normal', 'normal'] },
  exponentialLoss: { args: ['normal', 'sign'] },
  perceptronLoss: { args: ['normal', 'sign'] },
  categoricalHinge: { args: ['normal', 'onehot'] },
  cosineSimilarityLoss: { args: ['normal', 'normal'] },
  hingeEmbeddingLoss: { args: ['positive', 'sign'] },
  marginRankingLoss: { args: ['normal', 'normal', 'sign'] },
  tripletMarginLoss: { args: ['normal', 'normal', 'normal'] },
  cosineEmbeddingLoss: { args: ['normal', 'normal', 'signRow'] },
  selfAdjustingDiceLoss: { args: ['prob', 'binary'] },
};

/** Exported names of the loss library that are not losses (or have no gradient) and are never timed. */
export const ZOO_NOT_TIMED: Record<string, string> = {
  labelSmoothing: 'a target transform, not a loss',
  classBalancedWeights: 'a weight helper, not a loss',
  zeroOneLoss: 'a metric without gradient',
};

function softmaxRows(z: Float32Array, n: number, c: number, log: boolean): Float32Array {
  const out = new Float32Array(n * c);
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    for (let j = 0; j < c; j++) mx = Math.max(mx, z[i * c + j]!);
    let s = 0;
    for (let j = 0; j < c; j++) s += Math.exp(z[i * c + j]! - mx);
    const ls = Math.log(s);
    for (let j = 0; j < c; j++) {
      const lp = z[i * c + j]! - mx - ls;
      out[i * c + j] = log ? lp : Math.exp(lp);
    }
  }
  return out;
}

/** Deterministic inputs for one loss (seeded by its name), at batch n and c classes. */
export function zooInputs(name: string, n = ZOO_N, c = ZOO_C): ZooInput[] {
  const spec = ZOO[name];
  if (!spec) throw new Error(`loss-zoo: no input table entry for ${name}`);
  let seed = 17;
  for (const ch of name) seed = (Math.imul(seed, 31) + ch.charCodeAt(0)) >>> 0;
  const rng = new Rng(seed);
  const nc = n * c;
  return spec.args.map((gen): ZooInput => {
    switch (gen) {
      case 'normal':
        return { gen, shape: [n, c], data: rng.normalArray(nc) };
      case 'prob':
        return { gen, shape: [n, c], data: rng.uniformArray(nc, 0.02, 0.98) };
      case 'positive':
        return { gen, shape: [n, c], data: rng.uniformArray(nc, 0.1, 3) };
      case 'binary':
        return { gen, shape: [n, c], data: Float32Array.from(rng.uniformArray(nc), (u) => (u < 0.5 ? 0 : 1)) };
      case 'sign':
        return { gen, shape: [n, c], data: Float32Array.from(rng.uniformArray(nc), (u) => (u < 0.5 ? -1 : 1)) };
      case 'signRow':
        return { gen, shape: [n], data: Float32Array.from(rng.uniformArray(n), (u) => (u < 0.5 ? -1 : 1)) };
      case 'probRows':
        return { gen, shape: [n, c], data: softmaxRows(rng.normalArray(nc), n, c, false) };
      case 'logProbRows':
        return { gen, shape: [n, c], data: softmaxRows(rng.normalArray(nc), n, c, true) };
      case 'onehot':
        return { gen, shape: [n, c], data: oneHotF32(rng.intArray(n, c), c) };
      case 'indices':
        return { gen, shape: [n], data: rng.intArray(n, c) };
    }
  });
}
