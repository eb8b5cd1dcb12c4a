/**
 * One small float64 example per exported loss, for the contract loop and the gradchecks: its
 * arguments, which of them are differentiable, and the shape its 'none' aggregation keeps.
 */
import { losses, oneHot, tensor, type Tensor } from '../../src/index.js';
import { int32, normal64, uniform64 } from '../helpers.js';

export type LossFn = (...args: any[]) => Tensor;
export interface Spec {
  args: () => Tensor[];
  opts?: Record<string, unknown>;
  /** Arguments gradchecked (and differentiated twice when 0 is among them). */
  diff: number[];
  /** Shape of the result with agg: 'none'. */
  none: number[];
}

const N = 3, C = 4;
const probs = (seed: number) => normal64([N, C], seed).mul(1.5).softmax(1);
const pm1 = (seed: number) => normal64([N, C], seed).sign();
const bits = (seed: number) => normal64([N, C], seed).gt(0);
const sigmoid = (seed: number) => normal64([N, C], seed).mul(1.5).sigmoid();
const onehotTarget = () => oneHot(int32([2, 0, 3]), C).to('float64');
/** Scores with |y·ŷ| kept away from the kinks at 0 and 1. */
const scores = (seed: number) => normal64([N, C], seed).mul(0.6).add(normal64([N, C], seed).sign().mul(1.4));

export const specs: Record<string, Spec> = {
  mae: { args: () => [normal64([N, C], 1), normal64([N, C], 2)], diff: [0, 1], none: [N, C] },
  mse: { args: () => [normal64([N, C], 1), normal64([N, C], 2)], diff: [0, 1], none: [N, C] },
  msle: { args: () => [uniform64([N, C], 0.1, 3, 1), uniform64([N, C], 0.1, 3, 2)], diff: [0, 1], none: [N, C] },
  huberLoss: { args: () => [normal64([N, C], 3).mul(2), normal64([N, C], 4)], diff: [0, 1], none: [N, C] },
  smoothL1Loss: { args: () => [normal64([N, C], 3).mul(2), normal64([N, C], 4)], opts: { beta: 0.5 }, diff: [0, 1], none: [N, C] },
  poissonLoss: { args: () => [uniform64([N, C], 0.2, 3, 1), uniform64([N, C], 0.1, 4, 2)], diff: [0, 1], none: [N, C] },
  crossentropy: { args: () => [probs(1), probs(2)], diff: [0, 1], none: [N] },
  logitCrossentropy: { args: () => [normal64([N, C], 1).mul(2), probs(2)], diff: [0, 1], none: [N] },
  nllLoss: { args: () => [normal64([N, C], 1).logSoftmax(1), probs(2)], diff: [0, 1], none: [N] },
  focalLoss: { args: () => [probs(1), probs(2)], opts: { gamma: 2.5 }, diff: [0, 1], none: [N] },
  kldivergence: { args: () => [probs(1), probs(2)], diff: [0, 1], none: [N] },
  binaryCrossentropy: { args: () => [sigmoid(1), uniform64([N, C], 0, 1, 2)], diff: [0, 1], none: [N, C] },
  logitBinaryCrossentropy: { args: () => [normal64([N, C], 1).mul(2), uniform64([N, C], 0, 1, 2)], opts: { posWeight: tensor([0.5, 1, 2, 3], { dtype: 'float64' }) }, diff: [0, 1], none: [N, C] },
  binaryFocalLoss: { args: () => [sigmoid(1), uniform64([N, C], 0, 1, 2)], opts: { gamma: 1.5, alpha: 0.25 }, diff: [0, 1], none: [N, C] },
  hingeLoss: { args: () => [scores(1), pm1(2).mul(pm1(1))], diff: [0], none: [N, C] },
  squaredHingeLoss: { args: () => [scores(1), pm1(2)], diff: [0], none: [N, C] },
  exponentialLoss: { args: () => [normal64([N, C], 1), pm1(2)], diff: [0], none: [N, C] },
  perceptronLoss: { args: () => [scores(1), pm1(2)], diff: [0], none: [N, C] },
  zeroOneLoss: { args: () => [normal64([N, C], 1), pm1(2)], diff: [], none: [N, C] },
  hingeEmbeddingLoss: { args: () => [uniform64([N, C], 0, 0.9, 1).add(bits(3).mul(1.2)), pm1(2)], diff: [0], none: [N, C] },
  diceCoeffLoss: { args: () => [sigmoid(1), bits(2)], opts: { perSample: true }, diff: [0, 1], none: [N] },
  tverskyLoss: { args: () => [sigmoid(1), uniform64([N, C], 0, 1, 2)], opts: { perSample: true }, diff: [0, 1], none: [N] },
  selfAdjustingDiceLoss: { args: () => [sigmoid(1), bits(2)], opts: { alpha: 0.5, gamma: 0.3 }, diff: [0, 1], none: [N, C] },
  marginRankingLoss: { args: () => [normal64([N, C], 1), normal64([N, C], 2), pm1(3)], opts: { margin: 0.1 }, diff: [0, 1], none: [N, C] },
  tripletMarginLoss: { args: () => [normal64([N, C], 1), normal64([N, C], 2).mul(0.5).add(normal64([N, C], 1)), normal64([N, C], 3).add(normal64([N, C], 1))], opts: { margin: 2 }, diff: [0, 1, 2], none: [N] },
  cosineEmbeddingLoss: { args: () => [normal64([N, C], 1), normal64([N, C], 2), tensor([1, -1, -1], { dtype: 'float64' })], opts: { margin: -0.5 }, diff: [0, 1], none: [N] },
  siameseContrastiveLoss: { args: () => [uniform64([N, C], 0.05, 2, 1), uniform64([N, C], 0, 1, 2)], diff: [0, 1], none: [N, C] },
  logCoshLoss: { args: () => [normal64([N, C], 1).mul(3), normal64([N, C], 2)], diff: [0, 1], none: [N, C] },
  quantileLoss: { args: () => [normal64([N, C], 1), normal64([N, C], 2)], opts: { quantile: 0.8 }, diff: [0, 1], none: [N, C] },
  mape: { args: () => [normal64([N, C], 1), uniform64([N, C], 0.5, 2, 2).mul(pm1(3))], diff: [0, 1], none: [N, C] },
  smape: { args: () => [normal64([N, C], 1), uniform64([N, C], 0.5, 2, 2).mul(pm1(3))], diff: [0, 1], none: [N, C] },
  categoricalHinge: { args: () => [normal64([N, C], 1), onehotTarget()], diff: [0, 1], none: [N] },
  cosineSimilarityLoss: { args: () => [normal64([N, C], 1), normal64([N, C], 2)], diff: [0, 1], none: [N] },
};

/** Exports that transform targets or make weights rather than compute a loss. */
export const helpers = ['labelSmoothing', 'classBalancedWeights'];

export const lossNames = Object.keys(losses).filter((k) => typeof (losses as Record<string, unknown>)[k] === 'function' && !helpers.includes(k));
export const lossFn = (name: string): LossFn => (losses as unknown as Record<string, LossFn>)[name];
export const callLoss = (name: string, args: Tensor[], opts: Record<string, unknown> = {}): Tensor =>
  lossFn(name)(...args, { ...specs[name]?.opts, ...opts });
