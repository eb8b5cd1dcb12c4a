import { elementwise } from '../../elementwise.js';
import type { KernelSet } from '../types.js';
import { adamStep } from './adam.js';
import { matmul, matmulBatch, matmulStaged } from './matmul.js';
import { windowArgmax } from './pool.js';
import { col2imRows, columnsToPlanes, im2colPanels, im2colRows, permutePlanes, unfoldRows, windowProduct } from './windows.js';
import { erfScalar } from '../../erf.js';
import { expSumsRows, gatherRows, logSoftmaxGradRows, logSoftmaxRows, logsumexpRows, scatterAddRows, softmaxRows, sumColumns, sumRows } from './rows.js';

/** The plain TypeScript kernels: the reference the wasm set is tested against, and its fallback. */
export const jsKernels = {
  matmul,
  matmulBatch,
  matmulStaged,
  softmaxRows,
  logSoftmaxRows,
  logSoftmaxGradRows,
  logsumexpRows,
  expSumsRows,
  windowArgmax,
  gatherRows,
  scatterAddRows,
  im2colRows,
  im2colPanels,
  unfoldRows,
  windowProduct,
  col2imRows,
  columnsToPlanes,
  permutePlanes,
  adamStep,
  sumRows,
  sumColumns,
  add: elementwise(2, 'a + b'),
  mul: elementwise(2, 'a * b'),
  relu: elementwise(1, '(a > 0 ? a : (a !== a ? a : 0))'), // relu(NaN) = NaN, relu(−0) = 0
  // The boolean is multiplied in directly: a ternary compiles to a branch, mispredicted on half
  // the elements of a ReLU's input (5x slower).
  reluGrad: elementwise(2, 'a * (b > 0)'),
  exp: elementwise(1, 'Math.exp(a)'),
  gelu: elementwise(1, '0.5 * a * (1 + erfScalar(a * Math.SQRT1_2))', { erfScalar }),
  geluGrad: elementwise(2, `a * (0.5 * (1 + erfScalar(b * Math.SQRT1_2)) + b * Math.exp(-0.5 * b * b) * ${1 / Math.sqrt(2 * Math.PI)})`, { erfScalar }),
} satisfies KernelSet;
