/**
 * The `nn` namespace of the entry: the layers of src/nn and PyTorch's criterion classes of
 * src/losses/torch (`nn.CrossEntropyLoss`, as `torch.nn.CrossEntropyLoss`). It is assembled here,
 * beside the entry, so that nn never imports losses (docs/design.md, "Losses and nn").
 * @module nn
 */
export * from './nn/index.js';
export {
  L1Loss, MSELoss, CrossEntropyLoss, CTCLoss, NLLLoss, PoissonNLLLoss, GaussianNLLLoss, KLDivLoss, BCELoss,
  BCEWithLogitsLoss, MarginRankingLoss, HingeEmbeddingLoss, MultiLabelMarginLoss, HuberLoss, SmoothL1Loss, SoftMarginLoss,
  MultiLabelSoftMarginLoss, CosineEmbeddingLoss, MultiMarginLoss, TripletMarginLoss, TripletMarginWithDistanceLoss,
} from './losses/torch/criteria.js';
