/**
 * PyTorch's losses on pairs and triplets: marginRankingLoss, hingeEmbeddingLoss,
 * cosineEmbeddingLoss, tripletMarginLoss, tripletMarginWithDistanceLoss. Thin adapters over the
 * top-level compositions, in PyTorch's argument order and option names.
 */
import { defineLoss } from '../define.js';
import { scope } from '../../autograd/tape/state.js';
import { minimum } from '../../ops/index.js';
import { pNorm } from '../../ops/composite.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkShapes } from '../common.js';
import {
  cosineEmbeddingLoss as cosineEmbedding, marginRankingLoss as marginRanking, tripletMarginLoss as tripletMargin,
} from '../embedding.js';
import { hingeEmbeddingLoss as hingeEmbedding } from '../margin.js';
import { checkOptions } from '../options.js';
import { aggOf, reduce, type ReductionOptions } from './common.js';

/**
 * PyTorch's `F.margin_ranking_loss` / `nn.MarginRankingLoss`: target 1 ranks input1 above input2.
 *
 * `reduce(max(0, −target·(input1 − input2) + margin))`; defaults: margin 0, reduction 'mean'
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.MarginRankingLoss.html
 * @example
 * torch.marginRankingLoss(tensor([1, 2]), tensor([2, 0]), tensor([1, 1]), { margin: 0.5 }).item() // 0.75
 */
export function marginRankingLoss(input1: Tensor, input2: Tensor, target: Tensor, opts: ReductionOptions & { margin?: number } = {}): Tensor {
  return scope('torch.marginRankingLoss', () => {
    checkOptions('torch.marginRankingLoss', opts);
    checkShapes('torch.marginRankingLoss', input1, input2, ['input1', 'input2']);
    checkShapes('torch.marginRankingLoss', input1, target, ['input1', 'target']);
    return marginRanking(input1, input2, target, { agg: aggOf(opts), margin: opts.margin });
  });
}

/**
 * PyTorch's `F.hinge_embedding_loss` / `nn.HingeEmbeddingLoss`: input a distance, target 1
 * (similar) or −1 (dissimilar).
 *
 * `reduce([target ≠ −1]·input + [target ≠ 1]·max(0, margin − input))`; defaults: margin 1, reduction 'mean'
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.HingeEmbeddingLoss.html
 * @example
 * torch.hingeEmbeddingLoss(tensor([0.3, 0.4]), tensor([1, -1])).item() // 0.45
 */
export const hingeEmbeddingLoss = defineLoss('torch.hingeEmbeddingLoss', { names: ['input', 'target'] }, (input: Tensor, target: Tensor, opts: ReductionOptions & { margin?: number }): Tensor =>
  hingeEmbedding(input, target, { agg: aggOf(opts), margin: opts.margin }));

/**
 * PyTorch's `F.cosine_embedding_loss` / `nn.CosineEmbeddingLoss`: vectors along the last dim,
 * target (1 or −1) of the inputs' shape without it.
 *
 * `reduce(target = 1 ? 1 − cos : max(0, cos − margin))`, cos with PyTorch's 1e-12 inside each
 * squared norm; defaults: margin 0, reduction 'mean'
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.CosineEmbeddingLoss.html
 * @example
 * torch.cosineEmbeddingLoss(tensor([[1, 0], [1, 1]]), tensor([[0, 1], [1, 0]]), tensor([1, -1])).item() // 0.8536
 */
export function cosineEmbeddingLoss(input1: Tensor, input2: Tensor, target: Tensor, opts: ReductionOptions & { margin?: number } = {}): Tensor {
  return scope('torch.cosineEmbeddingLoss', () => {
    checkOptions('torch.cosineEmbeddingLoss', opts);
    checkShapes('torch.cosineEmbeddingLoss', input1, input2, ['input1', 'input2']);
    return cosineEmbedding(input1, input2, target, { agg: aggOf(opts), margin: opts.margin });
  });
}

export interface TripletOptions extends ReductionOptions {
  /** Default 1. */
  margin?: number;
  /** Use min(d(a, n), d(p, n)) as the negative distance (default false). */
  swap?: boolean;
}

/**
 * PyTorch's `F.triplet_margin_loss` / `nn.TripletMarginLoss`.
 *
 * `reduce(max(0, margin + d(a, p) − d(a, n)))`, d(u, v) = ‖u − v + eps‖_p over the last dim
 * (PyTorch's pairwise_distance); swap takes min(d(a, n), d(p, n)).
 * Defaults: margin 1, p 2, eps 1e-6, swap false, reduction 'mean'.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.TripletMarginLoss.html
 * @example
 * torch.tripletMarginLoss(tensor([[0, 0]]), tensor([[0, 1]]), tensor([[1, 1]])).item() // 0.5858
 */
export function tripletMarginLoss(anchor: Tensor, positive: Tensor, negative: Tensor, opts: TripletOptions & { p?: number; eps?: number } = {}): Tensor {
  return scope('torch.tripletMarginLoss', () => {
    checkOptions('torch.tripletMarginLoss', opts);
    checkShapes('torch.tripletMarginLoss', anchor, positive, ['anchor', 'positive']);
    checkShapes('torch.tripletMarginLoss', anchor, negative, ['anchor', 'negative']);
    const { reduction: _, ...rest } = opts;
    return tripletMargin(anchor, positive, negative, { ...rest, agg: aggOf(opts) });
  });
}

/** PyTorch's pairwise_distance(u, v) with p = 2, eps = 1e-6: the default distance of tripletMarginWithDistanceLoss. */
const pairwiseDistance = (u: Tensor, v: Tensor): Tensor => pNorm(u.sub(v).add(1e-6), 2, -1);

/**
 * PyTorch's `F.triplet_margin_with_distance_loss` / `nn.TripletMarginWithDistanceLoss`: the
 * triplet loss with any distance function of two tensors (one distance per triplet).
 *
 * `reduce(max(0, margin + d(a, p) − d(a, n)))`; swap takes min(d(a, n), d(p, n))
 *
 * `distanceFunction(u, v)` is any composition of tensor ops (its gradient comes from the tape);
 * the default is PyTorch's pairwise_distance (p 2, eps 1e-6). margin must be > 0, as PyTorch.
 * Defaults: margin 1, swap false, reduction 'mean'.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.TripletMarginWithDistanceLoss.html
 * @example
 * torch.tripletMarginWithDistanceLoss(tensor([[0, 0]]), tensor([[0, 1]]), tensor([[1, 1]]), { distanceFunction: (u, v) => u.sub(v).abs().sum(-1) }).item() // 0
 */
export function tripletMarginWithDistanceLoss(
  anchor: Tensor, positive: Tensor, negative: Tensor, opts: TripletOptions & { distanceFunction?: (u: Tensor, v: Tensor) => Tensor } = {},
): Tensor {
  return scope('torch.tripletMarginWithDistanceLoss', () => {
    checkOptions('torch.tripletMarginWithDistanceLoss', opts);
    checkShapes('torch.tripletMarginWithDistanceLoss', anchor, positive, ['anchor', 'positive']);
    checkShapes('torch.tripletMarginWithDistanceLoss', anchor, negative, ['anchor', 'negative']);
    const { distanceFunction: dist = pairwiseDistance, margin = 1, swap = false } = opts;
    const dNeg = swap ? minimum(dist(anchor, negative), dist(positive, negative)) : dist(anchor, negative);
    return reduce(dist(anchor, positive).sub(dNeg).add(margin).clamp(0), opts.reduction);
  });
}
