/**
 * Every loss's options and the domain of each: one typed table, checked at the top of every call
 * (an unknown option or a value outside its domain is an error naming the loss and the option,
 * never a silently ignored option or a wrong number), and walked by the tests.
 */
import { checkOptions as check, domains, type Domain, type DomainName } from '../tensor/options.js';

export { domains, type Domain, type DomainName };

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
  check(loss, opts, lossOptions[loss]);
}
