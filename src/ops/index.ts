/**
 * The ops layer as the layers above it (autograd's transforms, losses, nn, optim, io, graph) and
 * the package entry see it: every public primitive (ops/primitives.ts), the compositions, and the
 * Tensor methods (installed by ops/methods.ts as this module loads).
 */
import './methods.js';

export * from './primitives.js';
export type { SoftmaxCrossEntropyOptions } from './softmaxCrossEntropy.js';
export { cast } from './cast.js';
export { transpose, select, squeeze, unsqueeze, stack, split, chunk, repeat, tile } from './shape.js';
export { mean, norm, variance, std, type VarOptions } from './statistics.js';
export { sort, topk } from './sorting.js';
export { isclose, allclose, type CloseOptions } from './closeness.js';
export { posPow, pNorm, l2Normalize } from './composite.js';
export { einsum } from './einsum.js';
export { conv2d, maxPool2d, avgPool2d, unfold, fold, type Conv2dOptions, type PoolOptions, type MaxPoolOptions, type AvgPoolOptions, type PaddingMode } from './conv.js';
export { opNames, type OpName } from './table.js';
