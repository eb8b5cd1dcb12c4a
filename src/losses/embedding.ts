/**
 * Losses on pairs and triplets of embeddings or distances: marginRankingLoss,
 * tripletMarginLoss, cosineEmbeddingLoss (PyTorch), siameseContrastiveLoss (Flux), and
 * cosineSimilarityLoss.
 */
import { defineLoss } from './define.js';
import { scope } from '../autograd/tape/state.js';
import { minimum, sub, where } from '../ops/index.js';
import { l2Normalize, pNorm } from '../ops/composite.js';
import type { Tensor } from '../tensor/tensor.js';
import { aggregate, checkShapes, fluxTarget, checkWithin, classDim, without, type AggOptions, type ClassDimOptions } from './common.js';
import { checkOptions } from './options.js';
import { sameShape, shapeStr } from '../tensor/shape.js';

/**
 * PyTorch's margin ranking loss: y = 1 means x1 should rank above x2, y = −1 below.
 *
 * `agg(max(0, −y·(x1 − x2) + margin))`
 *
 * x1, x2 and y have one shape, or y is one number for every pair (as Flux's
 * `margin_ranking_loss(x1, x2, 1)`). Defaults: margin 0, agg 'mean'.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.MarginRankingLoss.html
 * @example
 * marginRankingLoss(tensor([1, 2]), tensor([2, 0]), tensor([1, 1]), { margin: 0.5 }).item() // 0.75
 */
export function marginRankingLoss(x1: Tensor, x2: Tensor, yTarget: Tensor | number, opts: AggOptions & { margin?: number } = {}): Tensor {
  return scope('marginRankingLoss', () => {
    checkOptions('marginRankingLoss', opts);
    checkShapes('marginRankingLoss', x1, x2, ['x1', 'x2']);
    const y = fluxTarget('marginRankingLoss', x1, yTarget, ['x1', 'target']);
    const { margin = 0 } = opts;
    return aggregate(y.mul(x1.sub(x2)).neg().add(margin).clamp(0), opts.agg);
  });
}

export interface TripletOptions extends AggOptions {
  /** Default 1. */
  margin?: number;
  /** The norm's p (default 2). */
  p?: number;
  /** Added to every difference before the norm, as PyTorch's pairwise_distance (default 1e-6). */
  eps?: number;
  /** Use min(d(a, n), d(p, n)) as the negative distance (default false). */
  swap?: boolean;
}

/**
 * PyTorch's triplet margin loss, per triplet of embeddings (last dim).
 *
 * `agg(max(0, margin + d(a, p) − d(a, n)))`, d(u, v) = ‖u − v + eps‖_p over the last dim
 *
 * 'none' keeps one loss per triplet (the shape without the last dim). eps keeps the distance
 * away from 0; the norm's gradient at a zero vector is 0, not 0/0. With `swap`, the negative
 * distance is min(d(a, n), d(p, n)). Defaults: margin 1, p 2, eps 1e-6, swap false, agg 'mean'.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.TripletMarginLoss.html
 * @example
 * tripletMarginLoss(tensor([[0, 0]]), tensor([[0, 1]]), tensor([[1, 1]])).item() // 0.5858
 */
export function tripletMarginLoss(anchor: Tensor, positive: Tensor, negative: Tensor, opts: TripletOptions = {}): Tensor {
  return scope('tripletMarginLoss', () => {
    checkOptions('tripletMarginLoss', opts);
    checkShapes('tripletMarginLoss', anchor, positive, ['anchor', 'positive']);
    checkShapes('tripletMarginLoss', anchor, negative, ['anchor', 'negative']);
    const { margin = 1, p = 2, eps = 1e-6, swap = false } = opts;
    const dist = (u: Tensor, v: Tensor) => pNorm(u.sub(v).add(eps), p, -1);
    const dNeg = swap ? minimum(dist(anchor, negative), dist(positive, negative)) : dist(anchor, negative);
    return aggregate(dist(anchor, positive).sub(dNeg).add(margin).clamp(0), opts.agg);
  });
}

/**
 * PyTorch's cosine embedding loss: y = 1 pulls x1 and x2 together in angle, y = −1 pushes their
 * cosine below `margin`. Vectors lie along the last dim; y has the shape without it.
 *
 * `agg(y = 1 ? 1 − cos(x1, x2) : max(0, cos(x1, x2) − margin))`,
 * cos = Σx1·x2 / √((Σx1² + 1e-12)(Σx2² + 1e-12))
 *
 * The 1e-12 (PyTorch's) keeps a zero vector finite. Defaults: margin 0, agg 'mean'.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.CosineEmbeddingLoss.html
 * @example
 * cosineEmbeddingLoss(tensor([[1, 0], [1, 1]]), tensor([[0, 1], [1, 0]]), tensor([1, -1])).item() // 0.8536
 */
export function cosineEmbeddingLoss(x1: Tensor, x2: Tensor, y: Tensor, opts: AggOptions & { margin?: number } = {}): Tensor {
  return scope('cosineEmbeddingLoss', () => {
    checkOptions('cosineEmbeddingLoss', opts);
    checkShapes('cosineEmbeddingLoss', x1, x2, ['x1', 'x2']);
    const want = without(x1.shape, x1.ndim - 1);
    if (x1.ndim === 0 || !sameShape(y.shape, want)) {
      throw new RangeError(`cosineEmbeddingLoss: target shape ${shapeStr(y.shape)} does not match x1 shape ${shapeStr(x1.shape)} without its last (vector) dim, ${shapeStr(want)}`);
    }
    const { margin = 0 } = opts;
    const sq = (x: Tensor) => x.square().sum(-1).add(1e-12);
    const cos = x1.mul(x2).sum(-1).div(sq(x1).mul(sq(x2)).sqrt());
    const pull = where(y.eq(1), sub(1, cos), 0);
    const push = where(y.eq(-1), cos.sub(margin).clamp(0), 0);
    return aggregate(pull.add(push), opts.agg);
  });
}

/**
 * Contrastive loss for Siamese networks (Flux's `siamese_contrastive_loss`): ŷ is a distance,
 * **y = 1 means dissimilar** (pushed beyond `margin`), y = 0 similar (pulled to 0).
 *
 * `agg((1 − y)·ŷ² + y·max(0, margin − ŷ)²)`
 *
 * y outside [0, 1] is an error (soft labels allowed), and so is margin < 0 (Flux's DomainError).
 * Defaults: margin 1, agg 'mean'.
 * @see https://fluxml.ai/Flux.jl/stable/reference/models/losses/#Flux.Losses.siamese_contrastive_loss
 * @see http://yann.lecun.com/exdb/publis/pdf/hadsell-chopra-lecun-06.pdf
 * @example
 * siameseContrastiveLoss(tensor([0.5, 0.2]), tensor([0, 1])).item() // 0.445
 */
export const siameseContrastiveLoss = defineLoss('siameseContrastiveLoss', { target: 'flux' }, (yhat: Tensor, y: Tensor, opts: AggOptions & { margin?: number }, name): Tensor => {
  checkWithin(name, 'target y (1 = dissimilar, 0 = similar)', y, 0, 1);
  const { margin = 1 } = opts;
  const similar = sub(1, y).mul(yhat.square());
  const dissimilar = y.mul(yhat.neg().add(margin).clamp(0).square());
  return aggregate(similar.add(dissimilar), opts.agg);
});

/**
 * Keras' cosine similarity loss: minus the cosine of ŷ and y along `dims`, in [−1, 1].
 *
 * `agg(−Σ_dims l2normalize(y)·l2normalize(ŷ))`, l2normalize(x) = x / √max(Σx², 1e-12)
 *
 * The 1e-12 clamp keeps a zero vector finite (Keras clamps at ε = 1e-7: see
 * `losses.keras.cosineSimilarity`). Vector dim 1 for rank ≥ 3 (Keras: −1). Defaults: agg 'mean',
 * dims 1 (0 for rank 1).
 * @see https://keras.io/api/losses/regression_losses/#cosinesimilarity-class
 * @example
 * cosineSimilarityLoss(tensor([[1, 1]]), tensor([[1, 0]])).item() // -0.7071
 */
export const cosineSimilarityLoss = defineLoss('cosineSimilarityLoss', {}, (yhat: Tensor, y: Tensor, opts: AggOptions & ClassDimOptions, name): Tensor => {
  const d = classDim(name, yhat, opts.dims);
  return aggregate(l2Normalize(y, d).mul(l2Normalize(yhat, d)).sum(d).neg(), opts.agg);
});
