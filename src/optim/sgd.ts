import type { TypedArray } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { gradValues, stateBuffer, updateInPlace } from './inplace.js';
import { Optimizer, type ParamState } from './optimizer.js';
import { checkOptions, type OptionSpec } from '../tensor/options.js';

/** lr is checked by Optimizer. */
const sgdOptions: OptionSpec = { lr: 'any', momentum: 'nonNegative', dampening: 'real', nesterov: 'bool', weightDecay: 'nonNegative' };

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

/**
 * Stochastic gradient descent with PyTorch's update rule:
 *   d = g + λ·p;  b ← d on the first step, else μ·b + (1 − τ)·d;
 *   d = nesterov ? d + μ·b : b  (when μ ≠ 0);  p ← p − lr·d.
 */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;

  constructor(params: Iterable<Tensor>, opts: SGDOptions) {
    if (opts === undefined) throw new TypeError('SGD: options { lr } are required');
    checkOptions('SGD', opts, sgdOptions);
    const { lr, momentum = 0, dampening = 0, nesterov = false, weightDecay = 0 } = opts;
    super(params, lr);
    if (nesterov && (momentum <= 0 || dampening !== 0)) throw new RangeError('SGD: nesterov needs momentum > 0 and dampening = 0');
    this.momentum = momentum;
    this.dampening = dampening;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
  }

  protected override stateBuffers(): Record<string, 'any' | 'nonNegative'> {
    return this.momentum !== 0 ? { momentumBuffer: 'any' } : {};
  }

  protected update(p: Tensor, g: Tensor, state: ParamState): void {
    const { lr, momentum, dampening, nesterov, weightDecay } = this;
    const G = gradValues(g);
    if (momentum === 0) {
      updateInPlace(p, (P) => sgdStep(P, G, lr, weightDecay));
      return;
    }
    const { values: B, fresh } = stateBuffer(state, 'momentumBuffer', p);
    updateInPlace(p, (P) => sgdMomentumStep(P, G, B, fresh, lr, weightDecay, momentum, dampening, nesterov));
  }
}

/** p ← p − lr·(g + λp) */
function sgdStep(P: TypedArray, G: TypedArray, lr: number, wd: number): void {
  if (wd === 0) for (let i = 0; i < P.length; i++) P[i] -= lr * G[i];
  else for (let i = 0; i < P.length; i++) P[i] -= lr * (G[i] + wd * P[i]);
}

/** d = g + λp; b ← d on the first step, else μb + (1 − τ)d; p ← p − lr·(nesterov ? d + μb : b) */
function sgdMomentumStep(P: TypedArray, G: TypedArray, B: TypedArray, first: boolean, lr: number, wd: number, mu: number, dampening: number, nesterov: boolean): void {
  for (let i = 0; i < P.length; i++) {
    const d = wd !== 0 ? G[i] + wd * P[i] : G[i];
    B[i] = first ? d : mu * B[i] + (dampening !== 0 ? (1 - dampening) * d : d);
    P[i] -= lr * (nesterov ? d + mu * B[i] : B[i]);
  }
}
