/**
 * `losses.torch`: PyTorch 1.13's 21 `torch.nn` losses with PyTorch's own semantics and numbers, in
 * two forms as in PyTorch: functions (`losses.torch.crossEntropy(input, target, opts)`, the
 * `torch.nn.functional` names in camelCase) and criterion classes (`new losses.torch.CrossEntropyLoss(opts)`,
 * also `nn.CrossEntropyLoss`, called as `criterion.forward(input, target)`).
 *
 * **Arguments are PyTorch's: (input, target, ...)**, options are PyTorch's names in camelCase
 * (`reduction`, `weight`, `ignoreIndex`, `labelSmoothing`, `posWeight`, `logInput`, ...) with
 * PyTorch's defaults, and the class dim is 1 (`[N, C, d1, ...]`). Each function is a composition
 * of primitives recorded as one named box (`torch.crossEntropy`); where PyTorch's semantics are
 * those of a top-level loss it is a thin adapter over it.
 */
export { l1Loss, mseLoss, huberLoss, smoothL1Loss, softMarginLoss, poissonNllLoss, gaussianNllLoss, type PoissonNllOptions } from './regression.js';
export { binaryCrossEntropy, binaryCrossEntropyWithLogits, klDiv, type WeightOptions } from './binary.js';
export {
  crossEntropy, nllLoss, multiMarginLoss, multilabelMarginLoss, multilabelSoftMarginLoss,
  type ClassWeightOptions, type CrossEntropyOptions,
} from './classification.js';
export { marginRankingLoss, hingeEmbeddingLoss, cosineEmbeddingLoss, tripletMarginLoss, tripletMarginWithDistanceLoss, type TripletOptions } from './embedding.js';
export { ctcLoss, type CtcOptions } from './ctc.js';
export type { Reduction, ReductionOptions } from './common.js';
export {
  Criterion, L1Loss, MSELoss, CrossEntropyLoss, CTCLoss, NLLLoss, PoissonNLLLoss, GaussianNLLLoss, KLDivLoss, BCELoss,
  BCEWithLogitsLoss, MarginRankingLoss, HingeEmbeddingLoss, MultiLabelMarginLoss, HuberLoss, SmoothL1Loss, SoftMarginLoss,
  MultiLabelSoftMarginLoss, CosineEmbeddingLoss, MultiMarginLoss, TripletMarginLoss, TripletMarginWithDistanceLoss,
} from './criteria.js';
