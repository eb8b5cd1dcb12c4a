/** One valid call of each losses.torch function (PyTorch's argument order), for the option and contract loops. */
import { tensor } from '../../src/index.js';
import { int32, normal64, uniform64 } from '../helpers.js';

const N = 3, C = 4;
const probs = (seed: number) => normal64([N, C], seed).mul(1.5).softmax(1);
const sigmoid = (seed: number) => normal64([N, C], seed).mul(1.5).sigmoid();
const f64i = (d: number[]) => tensor(d, { dtype: 'float64' });
const logits = () => normal64([N, C], 1).mul(1.5);
/** One valid call of each losses.torch function (PyTorch's argument order). */
export const torchArgs: Record<string, () => unknown[]> = {
  l1Loss: () => [normal64([N, C], 1), normal64([N, C], 2)],
  mseLoss: () => [normal64([N, C], 1), normal64([N, C], 2)],
  crossEntropy: () => [logits(), int32([2, 0, 3])],
  ctcLoss: () => [normal64([5, 2, C], 1).logSoftmax(2), int32([1, 2, 3, 0]).reshape([2, 2]), [5, 4], [2, 1]],
  nllLoss: () => [logits().logSoftmax(1), int32([2, 0, 3])],
  poissonNllLoss: () => [normal64([N, C], 1), uniform64([N, C], 0, 4, 2)],
  gaussianNllLoss: () => [normal64([N, C], 1), normal64([N, C], 2), uniform64([N, C], 0.5, 2, 3)],
  klDiv: () => [probs(1).log(), probs(2)],
  binaryCrossEntropy: () => [sigmoid(1), uniform64([N, C], 0, 1, 2)],
  binaryCrossEntropyWithLogits: () => [logits(), uniform64([N, C], 0, 1, 2)],
  marginRankingLoss: () => [normal64([N], 1), normal64([N], 2), f64i([1, -1, 1])],
  hingeEmbeddingLoss: () => [uniform64([N, C], 0, 2, 1), normal64([N, C], 2).sign()],
  multilabelMarginLoss: () => [normal64([N, C], 1), int32([3, 0, -1, 1, 1, 2, 3, 0, -1, 1, 0, 0]).reshape([N, C])],
  huberLoss: () => [normal64([N, C], 1), normal64([N, C], 2)],
  smoothL1Loss: () => [normal64([N, C], 1), normal64([N, C], 2)],
  softMarginLoss: () => [normal64([N, C], 1), normal64([N, C], 2).sign()],
  multilabelSoftMarginLoss: () => [logits(), normal64([N, C], 2).gt(0)],
  cosineEmbeddingLoss: () => [normal64([N, C], 1), normal64([N, C], 2), f64i([1, -1, 1])],
  multiMarginLoss: () => [logits(), int32([2, 0, 3])],
  tripletMarginLoss: () => [normal64([N, C], 1), normal64([N, C], 2), normal64([N, C], 3)],
  tripletMarginWithDistanceLoss: () => [normal64([N, C], 1), normal64([N, C], 2), normal64([N, C], 3)],
};
