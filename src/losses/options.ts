/**
 * Every loss's options and the domain of each: one typed table, checked at the top of every call
 * (an unknown option or a value outside its domain is an error naming the loss and the option,
 * never a silently ignored option or a wrong number), and walked by the tests.
 */
import { Tensor } from '../tensor/tensor.js';

export interface Domain {
  /** What a valid value is, as the error message says it. */
  want: string;
  ok: (v: unknown) => boolean;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const int = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v);

export const domains = {
  agg: { want: "'mean', 'sum', 'none' or a function", ok: (v) => v === 'mean' || v === 'sum' || v === 'none' || typeof v === 'function' },
  dim: { want: 'an integer dim', ok: int },
  axes: { want: 'an integer dim or an array of them', ok: (v) => int(v) || (Array.isArray(v) && v.length > 0 && v.every(int)) },
  integer: { want: 'an integer', ok: int },
  real: { want: 'a finite number', ok: finite },
  positive: { want: 'a finite number > 0', ok: (v) => finite(v) && v > 0 },
  nonNegative: { want: 'a finite number ≥ 0', ok: (v) => finite(v) && v >= 0 },
  unit: { want: 'a number in [0, 1]', ok: (v) => finite(v) && v >= 0 && v <= 1 },
  smoothing: { want: 'a number in [0, 1)', ok: (v) => finite(v) && v >= 0 && v < 1 },
  cosine: { want: 'a number in [-1, 1] (a cosine)', ok: (v) => finite(v) && v >= -1 && v <= 1 },
  bool: { want: 'true or false', ok: (v) => typeof v === 'boolean' },
  tensor: { want: 'a Tensor', ok: (v) => v instanceof Tensor },
  weights: { want: 'a finite number ≥ 0 or a Tensor of per-class weights', ok: (v) => v instanceof Tensor || (finite(v) && v >= 0) },
} satisfies Record<string, Domain>;

export type DomainName = keyof typeof domains;

const reduce = { agg: 'agg' } as const;
const classDim = { agg: 'agg', dims: 'dim' } as const;
const indexTarget = { ...classDim, weight: 'tensor', ignoreIndex: 'integer', labelSmoothing: 'smoothing' } as const;
const kerasAxis = { agg: 'agg', axis: 'dim' } as const;

/** Loss name → option name → domain. Keys `keras.x` are the functions of `losses.keras`. */
export const lossOptions = {
  mae: reduce,
  mse: reduce,
  msle: { agg: 'agg', eps: 'nonNegative' },
  huberLoss: { agg: 'agg', delta: 'positive' },
  smoothL1Loss: { agg: 'agg', beta: 'nonNegative' },
  poissonLoss: { agg: 'agg', eps: 'nonNegative' },
  crossentropy: { ...indexTarget, eps: 'nonNegative' },
  logitCrossentropy: indexTarget,
  nllLoss: indexTarget,
  focalLoss: { ...indexTarget, eps: 'nonNegative', gamma: 'nonNegative' },
  kldivergence: { ...classDim, eps: 'nonNegative' },
  binaryCrossentropy: { agg: 'agg', eps: 'nonNegative' },
  logitBinaryCrossentropy: { agg: 'agg', posWeight: 'tensor' },
  binaryFocalLoss: { agg: 'agg', eps: 'nonNegative', gamma: 'nonNegative', alpha: 'unit' },
  hingeLoss: reduce,
  squaredHingeLoss: reduce,
  exponentialLoss: reduce,
  perceptronLoss: reduce,
  zeroOneLoss: reduce,
  hingeEmbeddingLoss: { agg: 'agg', margin: 'real' },
  diceCoeffLoss: { agg: 'agg', perSample: 'bool', smooth: 'nonNegative' },
  tverskyLoss: { agg: 'agg', perSample: 'bool', beta: 'unit', smooth: 'nonNegative' },
  selfAdjustingDiceLoss: { agg: 'agg', alpha: 'nonNegative', gamma: 'nonNegative' },
  marginRankingLoss: { agg: 'agg', margin: 'real' },
  tripletMarginLoss: { agg: 'agg', margin: 'real', p: 'positive', eps: 'nonNegative', swap: 'bool' },
  cosineEmbeddingLoss: { agg: 'agg', margin: 'cosine' },
  siameseContrastiveLoss: { agg: 'agg', margin: 'nonNegative' },
  logCoshLoss: reduce,
  quantileLoss: { agg: 'agg', quantile: 'unit' },
  mape: { agg: 'agg', eps: 'nonNegative' },
  smape: reduce,
  categoricalHinge: classDim,
  cosineSimilarityLoss: classDim,
  'keras.meanSquaredError': reduce,
  'keras.meanAbsoluteError': reduce,
  'keras.meanAbsolutePercentageError': reduce,
  'keras.meanSquaredLogarithmicError': reduce,
  'keras.huber': { agg: 'agg', delta: 'positive' },
  'keras.logCosh': reduce,
  'keras.poisson': reduce,
  'keras.kld': reduce,
  'keras.cosineSimilarity': kerasAxis,
  'keras.hinge': reduce,
  'keras.squaredHinge': reduce,
  'keras.categoricalHinge': reduce,
  'keras.dice': { agg: 'agg', axis: 'axes' },
  'keras.tversky': { agg: 'agg', axis: 'axes', alpha: 'nonNegative', beta: 'nonNegative' },
  'keras.binaryCrossentropy': { ...kerasAxis, fromLogits: 'bool', labelSmoothing: 'unit' },
  'keras.categoricalCrossentropy': { ...kerasAxis, fromLogits: 'bool', labelSmoothing: 'unit' },
  'keras.sparseCategoricalCrossentropy': { ...kerasAxis, fromLogits: 'bool', ignoreClass: 'integer' },
  'keras.binaryFocalCrossentropy': {
    ...kerasAxis, fromLogits: 'bool', labelSmoothing: 'unit', gamma: 'nonNegative', alpha: 'unit', applyClassBalancing: 'bool',
  },
  'keras.categoricalFocalCrossentropy': { ...kerasAxis, fromLogits: 'bool', labelSmoothing: 'unit', gamma: 'nonNegative', alpha: 'weights' },
} as const satisfies Record<string, Record<string, DomainName>>;

export type LossName = keyof typeof lossOptions;

/**
 * Throws unless `opts` is an object whose every key is an option of `loss` and whose every
 * defined value lies in that option's domain. An explicit `undefined` means the default.
 */
export function checkOptions(loss: LossName, opts: unknown): void {
  if (opts === undefined) return;
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts) || opts instanceof Tensor) {
    throw new TypeError(`${loss}: options must be an object, got ${describe(opts)}`);
  }
  const known: Record<string, DomainName> = lossOptions[loss];
  for (const [key, value] of Object.entries(opts)) {
    const domain = known[key];
    if (domain === undefined) {
      throw new RangeError(`${loss}: unknown option '${key}' (${loss} takes ${Object.keys(known).join(', ')})`);
    }
    if (value !== undefined && !domains[domain].ok(value)) {
      throw new RangeError(`${loss}: option ${key} must be ${domains[domain].want}, got ${describe(value)}`);
    }
  }
}

function describe(v: unknown): string {
  if (v instanceof Tensor) return `a Tensor of shape [${v.shape.join(',')}]`;
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object' && v !== null) return 'an object';
  return String(v);
}
