import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type ParamState } from './optimizer.js';

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
    const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, amsgrad = false } = opts;
    super(params, lr);
    const [b1, b2] = betas;
    if (!(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1)) throw new RangeError(`${this.constructor.name}: betas must be in [0, 1), got [${b1}, ${b2}]`);
    if (!(eps >= 0) || !(weightDecay >= 0)) throw new RangeError(`${this.constructor.name}: eps and weightDecay must be >= 0`);
    this.beta1 = b1;
    this.beta2 = b2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.amsgrad = amsgrad;
    this.decoupled = decoupled;
  }

  protected update(p: Tensor, g: Tensor, { step: t, buffers: s }: ParamState): Tensor {
    const { beta1: b1, beta2: b2, lr } = this;
    if (this.weightDecay !== 0) {
      if (this.decoupled) p = p.mul(1 - lr * this.weightDecay);
      else g = g.add(p.mul(this.weightDecay));
    }
    // On the first step the moments start from zero, so they are just the scaled gradient terms.
    const gm = g.mul(1 - b1), gv = g.square().mul(1 - b2);
    const m = (s['expAvg'] = s['expAvg'] ? s['expAvg'].mul(b1).add(gm) : gm);
    const v = (s['expAvgSq'] = s['expAvgSq'] ? s['expAvgSq'].mul(b2).add(gv) : gv);
    const vHat = this.amsgrad ? (s['maxExpAvgSq'] = s['maxExpAvgSq'] ? s['maxExpAvgSq'].maximum(v) : v) : v;
    const denom = vHat.sqrt().div(Math.sqrt(1 - b2 ** t)).add(this.eps);
    return p.sub(m.div(denom).mul(lr / (1 - b1 ** t)));
  }
}

/** Adam with decoupled weight decay (Loshchilov & Hutter); PyTorch's default λ = 0.01. */
export class AdamW extends Adam {
  constructor(params: Iterable<Tensor>, opts: AdamOptions = {}) {
    super(params, { ...opts, weightDecay: opts.weightDecay ?? 0.01 }, true);
  }
}
