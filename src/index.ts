/**
 * tapegrad: CPU tensors on ndarray, a reverse-mode tape, and losses composed from primitives.
 * The main entry; it needs no Node module (file helpers are in `tapegrad/node`).
 * @module tapegrad
 */
export { Tensor, type TensorLike } from './tensor/tensor.js';
export type { DType } from './tensor/dtype.js';
export { machineEps } from './tensor/dtype.js';
export {
  tensor, zeros, ones, full, zerosLike, onesLike, arange, linspace, eye, rand, randn, randint, oneHot,
  type CreateOptions, type NestedArray, type RandomOptions,
} from './tensor/create.js';
export { manualSeed, Generator, defaultGenerator } from './tensor/random.js';
export { setBackend, getBackend, setThreads, getThreads, type Backend } from './tensor/kernels/index.js';
export * from './ops/primitives.js';
export {
  mean, transpose, select, squeeze, unsqueeze, stack, norm, variance, std, sort, topk, split, chunk, repeat, tile,
  isclose, allclose, posPow, pNorm, l2Normalize, einsum, conv2d, maxPool2d, avgPool2d, unfold, fold, opNames,
  type OpName, type SoftmaxCrossEntropyOptions, type VarOptions, type CloseOptions, type Conv2dOptions, type PoolOptions,
  type MaxPoolOptions, type AvgPoolOptions, type PaddingMode,
} from './ops/index.js';
export { noGrad, enableGrad, isGradEnabled, scope, detectAnomaly } from './autograd/tape/state.js';
export { grad, valueAndGrad } from './autograd/functional.js';
export { gradcheck, assertGradcheck, gradgradcheck, assertGradgradcheck, type GradcheckOptions, type GradcheckReport } from './autograd/gradcheck.js';
export { vjp, jvp, jacobian, hessian, hvp } from './autograd/transforms.js';
export { customOp, type CustomOpDefinition, type CustomOpContext } from './autograd/custom-op.js';
export { printGraph, toDot, retainGrads, printSteps, type DotOptions, type PrintGraphOptions, type PrintStepsOptions, type ParamSource } from './graph/index.js';
export { backwardSteps, leafGradients, type BackwardStep, type BackwardStepsOptions, type StepContribution, type StepTarget } from './autograd/steps.js';
export type { BackwardOptions } from './autograd/tape/backward.js';
export * as losses from './losses/index.js';
export * from './optim/index.js';
export * as optim from './optim/index.js';
export * as nn from './nn-namespace.js';
export { functionalCall } from './nn/functional-call.js';
export * as data from './data/index.js';
export * as io from './io/index.js';
export { fromJSON } from './tensor/from-json.js';
export type { TensorJSON } from './tensor/json.js';
export { exportOnnx, onnxInitializers, type ExportOnnxOptions } from './io/onnx/index.js';
