/**
 * The table's rows for the public primitives, one line each: the package exports each of these
 * functions, and the ones with `method` (the default) are Tensor methods too. Each row names the
 * one file that holds everything about its op (defineOp). The primitives that only VJPs and
 * other ops call are rows of ops/table.ts itself.
 */
export { add } from './add.js';
export { sub } from './sub.js';
export { mul } from './mul.js';
export { div } from './div.js';
export { pow } from './pow.js';
export { maximum } from './maximum.js';
export { minimum } from './minimum.js';
export { xlogy } from './xlogy.js';
export { where } from './where.js';
export { neg } from './neg.js';
export { exp } from './exp.js';
export { log } from './log.js';
export { log1p } from './log1p.js';
export { expm1 } from './expm1.js';
export { sqrt } from './sqrt.js';
export { abs } from './abs.js';
export { square } from './square.js';
export { sign } from './sign.js';
export { erf } from './erf.js';
export { sigmoid } from './sigmoid.js';
export { logSigmoid } from './logSigmoid.js';
export { tanh } from './tanh.js';
export { relu } from './relu.js';
export { leakyRelu } from './leakyRelu.js';
export { softplus } from './softplus.js';
export { elu } from './elu.js';
export { gelu } from './gelu.js';
export { clamp } from './clamp.js';
export { hardtanh } from './hardtanh.js';
export { lt, le, gt, ge, eq } from './compare.js';
export { sum } from './sum.js';
export { max } from './max.js';
export { min } from './min.js';
export { prod } from './prod.js';
export { logsumexp } from './logsumexp.js';
export { softmax } from './softmax.js';
export { logSoftmax } from './logSoftmax.js';
export { softmaxCrossEntropy } from './softmaxCrossEntropy.js';
export { matmul } from './matmul.js';
export { reshape } from './reshape.js';
export { expand } from './expand.js';
export { permute } from './permute.js';
export { slice } from './slice.js';
export { pad } from './pad.js';
export { concat } from './concat.js';
export { gather } from './gather.js';
export { scatterAdd } from './scatterAdd.js';
export { sin } from './sin.js';
export { cos } from './cos.js';
export { tan } from './tan.js';
export { atan } from './atan.js';
export { atan2 } from './atan2.js';
export { floor, ceil, round } from './rounding.js';
export { cumsum } from './cumsum.js';
export { argmax, argmin } from './argmax.js';
export { argsort } from './argsort.js';
