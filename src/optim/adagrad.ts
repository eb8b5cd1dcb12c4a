import type { Tensor } from '../tensor/tensor.js';
import type { TypedArray } from '../tensor/dtype.js';
import { Optimizer, type ParamState } from './optimizer.js';
import { gradValues, stateBuffer, updateInPlace } from './inplace.js';
import { checkOptions, type OptionSpec } from '../tensor/options.js';

/** lr is checked by Optimizer. */
const adagradOptions: OptionSpec = {
  lr: 'any', lrDecay: 'nonNegative', weightDecay: 'nonNegative', initialAccumulatorValue: 'nonNegative', eps: 'nonNegative',
};

export interface AdagradOptions {
  /** Learning rate (default 0.01). */
  lr?: number;
  /** Decay of the rate with the step count t: lr / (1 + (t − 1)·lrDecay) (default 0). */
  lrDecay?: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
  /** Starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue?: number;
  /** Added to √sum before dividing (default 1e-10). */
  eps?: number;
}

/**
 * Adagrad (Duchi et al.) with PyTorch 1.13's update rule, at step t:
 *   g ← g + λp;  S ← S + g²;  p ← p − (lr / (1 + (t − 1)·lrDecay)) · g / (√S + ε),
 * S starting at initialAccumulatorValue.
 * @example new Adagrad(model.parameters(), { lr: 0.1 })
 */
export class Adagrad extends Optimizer {
  readonly lrDecay: number;
  readonly weightDecay: number;
  readonly initialAccumulatorValue: number;
  readonly eps: number;

  constructor(params: Iterable<Tensor>, opts: AdagradOptions = {}) {
    checkOptions('Adagrad', opts, adagradOptions);
    const { lr = 0.01, lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10 } = opts;
    super(params, lr);
    this.lrDecay = lrDecay;
    this.weightDecay = weightDecay;
    this.initialAccumulatorValue = initialAccumulatorValue;
    this.eps = eps;
  }

  protected override stateBuffers(): Record<string, 'any' | 'nonNegative'> {
    return { sum: 'nonNegative' };
  }

  protected update(p: Tensor, g: Tensor, state: ParamState): void {
    const { eps, weightDecay: wd } = this;
    const clr = this.lr / (1 + (state.step - 1) * this.lrDecay);
    const G = gradValues(g);
    const { values: S, fresh } = stateBuffer(state, 'sum', p);
    if (fresh && this.initialAccumulatorValue !== 0) S.fill(this.initialAccumulatorValue);
    updateInPlace(p, (P) => adagradStep(P, G, S, clr, eps, wd));
  }
}

/** One Adagrad step in place (a module-level loop over its arguments: see optim/inplace.ts). */
function adagradStep(P: TypedArray, G: TypedArray, S: TypedArray, clr: number, eps: number, wd: number): void {
  for (let i = 0; i < P.length; i++) {
    const gi = wd !== 0 ? G[i]! + wd * P[i]! : G[i]!;
    S[i] = S[i]! + gi * gi;
    P[i] = P[i]! - clr * (gi / (Math.sqrt(S[i]!) + eps));
  }
}
