import type { TypedArray } from '../tensor/dtype.js';
import { kernel } from '../tensor/kernels/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { gradValues, stateBuffer, updateInPlace } from './inplace.js';
import { Optimizer, type ParamState } from './optimizer.js';
import { checkOptions, type OptionSpec } from '../tensor/options.js';

const betas = { want: 'a pair of numbers in [0, 1)', ok: (v: unknown) => Array.isArray(v) && v.length === 2 && v.every((b) => typeof b === 'number' && b >= 0 && b < 1) };
/** lr is checked by Optimizer (a scheduler may set it later too). */
const adamOptions: OptionSpec = { lr: 'any', betas, eps: 'nonNegative', weightDecay: 'nonNegative', amsgrad: 'bool' };

export interface AdamOptions {
  lr?: number;
  betas?: readonly [number, number];
  eps?: number;
  /** Adam: L2 penalty added to the gradient. AdamW: decoupled decay of the weights. */
  weightDecay?: number;
  amsgrad?: boolean;
}

/**
 * Adam (Kingma & Ba) as PyTorch 1.13 writes it, at step t:
 *   m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  v̂ = amsgrad ? max(v̂, v) : v,
 *   p ← p − (lr / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + ε).
 * Adam adds λ·p to g first; AdamW instead scales p by (1 − lr·λ) before the step.
 */
export class Adam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly amsgrad: boolean;
  private readonly decoupled: boolean;

  constructor(params: Iterable<Tensor>, opts: AdamOptions = {}, decoupled = false) {
    checkOptions(new.target.name, opts, adamOptions);
    const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, amsgrad = false } = opts;
    super(params, lr);
    [this.beta1, this.beta2] = betas;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.amsgrad = amsgrad;
    this.decoupled = decoupled;
  }

  protected override stateBuffers(): Record<string, 'any' | 'nonNegative'> {
    return { expAvg: 'any', expAvgSq: 'nonNegative', ...(this.amsgrad ? { maxExpAvgSq: 'nonNegative' as const } : {}) };
  }

  protected update(p: Tensor, g: Tensor, state: ParamState): void {
    const { beta1, beta2, lr, eps, amsgrad } = this;
    const t = state.step;
    const decay = this.decoupled ? 0 : this.weightDecay, shrink = this.decoupled ? 1 - lr * this.weightDecay : 1;
    const G = gradValues(g);
    const M = stateBuffer(state, 'expAvg', p).values, V = stateBuffer(state, 'expAvgSq', p).values;
    const Vmax = amsgrad ? stateBuffer(state, 'maxExpAvgSq', p).values : null;
    const stepSize = lr / (1 - beta1 ** t), bc2Sqrt = Math.sqrt(1 - beta2 ** t);
    updateInPlace(p, (P) => (Vmax || decay !== 0 || shrink !== 1
      ? adamStep(P, G, M, V, Vmax, beta1, beta2, eps, decay, shrink, stepSize, bc2Sqrt)
      : kernel.adamStep(P, G, M, V, beta1, beta2, eps, stepSize, bc2Sqrt)));
  }
}

/** One Adam step over flat arrays, in PyTorch's order (see the class comment). */
function adamStep(
  P: TypedArray, G: TypedArray, M: TypedArray, V: TypedArray, Vmax: TypedArray | null,
  b1: number, b2: number, eps: number, decay: number, shrink: number, stepSize: number, bc2Sqrt: number,
): void {
  for (let i = 0; i < P.length; i++) {
    if (shrink !== 1) P[i] *= shrink;
    const gi = decay !== 0 ? G[i] + decay * P[i] : G[i];
    // Each buffer is read back after the write, so a float32 step uses the stored (rounded) value.
    M[i] = b1 * M[i] + (1 - b1) * gi;
    V[i] = b2 * V[i] + (1 - b2) * gi * gi;
    if (Vmax) Vmax[i] = Math.max(Vmax[i], V[i]);
    P[i] -= stepSize * (M[i] / (Math.sqrt(Vmax ? Vmax[i] : V[i]) / bc2Sqrt + eps));
  }
}

/** Adam with decoupled weight decay (Loshchilov & Hutter); PyTorch's default λ = 0.01. */
export class AdamW extends Adam {
  constructor(params: Iterable<Tensor>, opts: AdamOptions = {}) {
    super(params, opts === null || typeof opts !== 'object' ? opts : { ...opts, weightDecay: opts.weightDecay ?? 0.01 }, true);
  }
}
