import type { Tensor } from '../tensor/tensor.js';
import type { TypedArray } from '../tensor/dtype.js';
import { Optimizer, type ParamState } from './optimizer.js';
import { gradValues, stateBuffer, updateInPlace } from './inplace.js';
import { checkOptions, type OptionSpec } from '../tensor/options.js';

/** lr is checked by Optimizer. */
const rmspropOptions: OptionSpec = {
  lr: 'any', alpha: 'nonNegative', eps: 'nonNegative', weightDecay: 'nonNegative', momentum: 'nonNegative', centered: 'bool',
};

export interface RMSpropOptions {
  /** Learning rate (default 0.01). */
  lr?: number;
  /** Smoothing constant of the running mean of g² (default 0.99). */
  alpha?: number;
  /** Added to the root mean square before dividing (default 1e-8). */
  eps?: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
  /** Momentum μ of the scaled step (default 0). */
  momentum?: number;
  /** Divide by an estimate of the variance of g instead of its raw second moment (default false). */
  centered?: boolean;
}

/**
 * RMSprop (Hinton) with PyTorch 1.13's update rule; all state starts at zero:
 *   g ← g + λp;  v ← αv + (1 − α)g²;  centered: ḡ ← αḡ + (1 − α)g, s = √(v − ḡ²) else s = √v;
 *   μ > 0: b ← μb + g/(s + ε), p ← p − lr·b;  else p ← p − lr·g/(s + ε).
 * @example new RMSprop(model.parameters(), { lr: 0.01, momentum: 0.9 })
 */
export class RMSprop extends Optimizer {
  readonly alpha: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly momentum: number;
  readonly centered: boolean;

  constructor(params: Iterable<Tensor>, opts: RMSpropOptions = {}) {
    checkOptions('RMSprop', opts, rmspropOptions);
    const { lr = 0.01, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false } = opts;
    super(params, lr);
    this.alpha = alpha;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.momentum = momentum;
    this.centered = centered;
  }

  protected override stateBuffers(): Record<string, 'any' | 'nonNegative'> {
    return { squareAvg: 'nonNegative', ...(this.centered ? { gradAvg: 'any' as const } : {}), ...(this.momentum > 0 ? { momentumBuffer: 'any' as const } : {}) };
  }

  protected update(p: Tensor, g: Tensor, state: ParamState): void {
    const { alpha, eps, weightDecay: wd, momentum: mu, centered, lr } = this;
    const G = gradValues(g);
    const V = stateBuffer(state, 'squareAvg', p).values;
    const A = centered ? stateBuffer(state, 'gradAvg', p).values : null;
    const B = mu > 0 ? stateBuffer(state, 'momentumBuffer', p).values : null;
    updateInPlace(p, (P) => rmspropStep(P, G, V, A, B, lr, alpha, eps, wd, mu));
  }
}

/** One RMSprop step in place (a module-level loop over its arguments: see optim/inplace.ts). */
function rmspropStep(P: TypedArray, G: TypedArray, V: TypedArray, A: TypedArray | null, B: TypedArray | null, lr: number, alpha: number, eps: number, wd: number, mu: number): void {
  for (let i = 0; i < P.length; i++) {
    const gi = wd !== 0 ? G[i]! + wd * P[i]! : G[i]!;
    // Values are read back after each store, so float32 state rounds where PyTorch's does.
    V[i] = alpha * V[i]! + (1 - alpha) * gi * gi;
    let s = V[i]!;
    if (A) {
      A[i] = alpha * A[i]! + (1 - alpha) * gi;
      s -= A[i]! * A[i]!;
    }
    const d = gi / (Math.sqrt(s) + eps);
    if (B) B[i] = mu * B[i]! + d;
    P[i] = P[i]! - lr * (B ? B[i]! : d);
  }
}
