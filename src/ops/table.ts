/**
 * Every primitive in one typed table. `satisfies Record<OpName, OpDef<any>>` makes the compiler
 * flag a primitive without a definition, and the tests loop over `opNames` so none goes untested.
 */
import type { OpDef } from './types.js';
import { abs } from './abs.js';
import { add } from './add.js';
import { cast } from './cast.js';
import { clamp } from './clamp.js';
import { eq, ge, gt, le, lt } from './compare.js';
import { concat } from './concat.js';
import { div } from './div.js';
import { elu } from './elu.js';
import { erf } from './erf.js';
import { exp } from './exp.js';
import { expand } from './expand.js';
import { expm1 } from './expm1.js';
import { gather } from './gather.js';
import { gelu } from './gelu.js';
import { leakyRelu } from './leakyRelu.js';
import { log } from './log.js';
import { log1p } from './log1p.js';
import { logSigmoid } from './logSigmoid.js';
import { logSoftmax } from './logSoftmax.js';
import { logSoftmaxBackward } from './logSoftmaxBackward.js';
import { logsumexp } from './logsumexp.js';
import { matmul } from './matmul.js';
import { max } from './max.js';
import { maximum } from './maximum.js';
import { min } from './min.js';
import { minimum } from './minimum.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { pad } from './pad.js';
import { permute } from './permute.js';
import { pow } from './pow.js';
import { prod } from './prod.js';
import { relu } from './relu.js';
import { reshape } from './reshape.js';
import { scatterAdd } from './scatterAdd.js';
import { sigmoid } from './sigmoid.js';
import { sign } from './sign.js';
import { slice } from './slice.js';
import { softmax } from './softmax.js';
import { softmaxCrossEntropy } from './softmaxCrossEntropy.js';
import { softplus } from './softplus.js';
import { sqrt } from './sqrt.js';
import { square } from './square.js';
import { sub } from './sub.js';
import { sum } from './sum.js';
import { tanh } from './tanh.js';
import { unaryBackwardOp as unaryBackward } from './unaryBackward.js';
import { where } from './where.js';
import { xlogy } from './xlogy.js';
import { sin } from './sin.js';
import { cos } from './cos.js';
import { tan } from './tan.js';
import { atan } from './atan.js';
import { atan2 } from './atan2.js';
import { ceil, floor, round } from './rounding.js';
import { cumsum } from './cumsum.js';
import { argmax, argmin } from './argmax.js';
import { argsort } from './argsort.js';
import { unfold } from './unfold.js';
import { fold } from './fold.js';
import { maxPoolIndices } from './maxPoolIndices.js';
import { conv2d } from './conv2d.js';
import { conv2dWeightGrad } from './conv2dWeightGrad.js';
import { conv2dInputGrad } from './conv2dInputGrad.js';

/** The names of every primitive on the tape (what graph nodes are labelled with), in table order. */
export const opNames = [
  'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'xlogy', 'where',
  'neg', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'abs', 'square', 'sign', 'erf',
  'sigmoid', 'logSigmoid', 'tanh', 'relu', 'leakyRelu', 'softplus', 'elu', 'gelu', 'clamp', 'cast', 'unaryBackward',
  'lt', 'le', 'gt', 'ge', 'eq',
  'sum', 'max', 'min', 'prod', 'logsumexp', 'softmax', 'logSoftmax', 'logSoftmaxBackward', 'softmaxCrossEntropy', 'matmul',
  'reshape', 'expand', 'permute', 'slice', 'pad', 'concat', 'gather', 'scatterAdd',
  'sin', 'cos', 'tan', 'atan', 'atan2', 'floor', 'ceil', 'round', 'cumsum', 'argmax', 'argmin', 'argsort',
  'unfold', 'fold', 'maxPoolIndices', 'conv2d', 'conv2dWeightGrad', 'conv2dInputGrad',
] as const;
export type OpName = (typeof opNames)[number];

/**
 * Every primitive's definition (forward, VJP, dtype rule), keyed by name: the one table tests and
 * exporters loop over.
 */
export const primitives = {
  add, sub, mul, div, pow, maximum, minimum, xlogy, where,
  neg, exp, log, log1p, expm1, sqrt, abs, square, sign, erf,
  sigmoid, logSigmoid, tanh, relu, leakyRelu, softplus, elu, gelu, clamp, cast, unaryBackward,
  lt, le, gt, ge, eq,
  sum, max, min, prod, logsumexp, softmax, logSoftmax, logSoftmaxBackward, softmaxCrossEntropy, matmul,
  reshape, expand, permute, slice, pad, concat, gather, scatterAdd,
  sin, cos, tan, atan, atan2, floor, ceil, round, cumsum, argmax, argmin, argsort,
  unfold, fold, maxPoolIndices, conv2d, conv2dWeightGrad, conv2dInputGrad,
} satisfies Record<OpName, OpDef<any>>;

export type ParamsOf<K extends OpName> = (typeof primitives)[K] extends OpDef<infer P> ? P : never;
