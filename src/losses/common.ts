/**
 * What every loss shares: the options contract (agg, dims, eps), the shape check, range checks,
 * and PyTorch's class-index reduction used by crossentropy, logitCrossentropy, focalLoss and
 * nllLoss.
 */
import { noGrad } from '../autograd/tape/state.js';
import { sub, where } from '../ops/index.js';
import { machineEps } from '../tensor/dtype.js';
import { normalizeDim, sameShape, shapeStr } from '../tensor/shape.js';
import { tensor } from '../tensor/create.js';
import { checkValue, type Tensor } from '../tensor/tensor.js';

/** How per-element (or per-sample) losses are reduced. A function gets the unreduced tensor. */
export type Agg = 'mean' | 'sum' | 'none' | ((t: Tensor) => Tensor);

export interface AggOptions {
  /** 'mean' (default) | 'sum' | 'none' | a function of the unreduced losses. */
  agg?: Agg;
}
export interface ClassDimOptions {
  /** The class dim: default 1 for rank ≥ 2, 0 for rank 1; negative counts from the end. */
  dims?: number;
}
export interface EpsOptions {
  /** Added inside logs; default the machine epsilon of ŷ's dtype (2⁻²³ float32, 2⁻⁵² float64). */
  eps?: number;
}
/** PyTorch's options for class-index targets (int32 y). */
export interface IndexTargetOptions {
  /** Per-class weights, shape [C]; with 'mean' the sum is divided by Σ weight[target]. */
  weight?: Tensor;
  /** Targets equal to this are left out of numerator and denominator (default −100). */
  ignoreIndex?: number;
  /** PyTorch's label smoothing α ∈ [0, 1): (1 − α)·one-hot + α/C. Default 0. */
  labelSmoothing?: number;
}

/**
 * Binary cross-entropy of logits x against y: (1 − y)·x − w·logσ(x), exact for any logit (no
 * clip, no ε); w = 1 + (posWeight − 1)·y when a weight is given. The body of
 * logitBinaryCrossentropy and of Keras' from-logits forms (TensorFlow's
 * sigmoid_cross_entropy_with_logits).
 */
export const logitBce = (x: Tensor, y: Tensor, logWeight?: Tensor): Tensor =>
  sub(1, y).mul(x).sub(logWeight ? x.logSigmoid().mul(logWeight) : x.logSigmoid());

/**
 * Label smoothing toward the uniform distribution over `classes`: y·(1 − α) + α/classes. The body
 * of Flux's label_smoothing (losses.labelSmoothing) and of Keras' label_smoothing option.
 */
export const smoothLabels = (y: Tensor, alpha: number, classes: number): Tensor => y.mul(1 - alpha).add(alpha / classes);

/** Reduces with `agg`, which `checkOptions` has validated (naming the loss) before any work. */
export function aggregate(t: Tensor, agg: Agg = 'mean'): Tensor {
  if (typeof agg === 'function') return agg(t);
  return agg === 'sum' ? t.sum() : agg === 'none' ? t : t.mean();
}

/** Identical shapes, or an error naming the loss, both arguments and both shapes. */
export function checkShapes(loss: string, a: Tensor, b: Tensor, names: [string, string] = ['prediction', 'target']): void {
  if (!sameShape(a.shape, b.shape)) {
    throw new RangeError(`${loss}: ${names[0]} shape ${shapeStr(a.shape)} does not match ${names[1]} shape ${shapeStr(b.shape)}`);
  }
}

/**
 * Flux's constant label: a JS number y broadcasts against every element of ŷ (Flux's
 * `_check_sizes` lets a non-array target through: `binarycrossentropy(ŷ, 1)`); a Tensor y must
 * have ŷ's shape. A number that is not finite is an error.
 */
export function fluxTarget(loss: string, yhat: Tensor, y: Tensor | number, names?: [string, string]): Tensor {
  if (typeof y !== 'number') {
    checkShapes(loss, yhat, y, names);
    return y;
  }
  if (!Number.isFinite(y)) throw new RangeError(`${loss}: a constant target y must be a finite number, got ${y}`);
  return tensor(y, { dtype: yhat.dtype === 'int32' ? 'float32' : yhat.dtype });
}

export const classDim = (loss: string, x: Tensor, dims?: number): number =>
  normalizeDim(loss, dims ?? (x.ndim >= 2 ? 1 : 0), x.ndim);

export const epsOf = (x: Tensor, eps?: number): number => eps ?? machineEps(x.dtype);

/**
 * Throws unless every element of t lies in [lo, hi]. min and max propagate NaN, so NaN never
 * passes (two reductions, unrecorded).
 */
export function checkWithin(loss: string, name: string, t: Tensor, lo: number, hi: number): void {
  if (t.size === 0) return;
  const [min, max] = noGrad(() => [checkValue(t.min()), checkValue(t.max())]);
  if (!(min >= lo && max <= hi)) {
    const got = Number.isNaN(min) || Number.isNaN(max) ? 'NaN' : `values in [${min}, ${max}]`;
    throw new RangeError(`${loss}: ${name} must lie in [${lo}, ${hi}], got ${got}`);
  }
}

/** Throws unless every label is −1 or 1; `hint` says what to do instead. */
export function checkSigns(loss: string, y: Tensor, hint: string): void {
  if (y.size === 0) return;
  noGrad(() => {
    const signs = y.abs().eq(1);
    const count = y.size - checkValue(signs.sum());
    if (count === 0) return;
    const smallest = checkValue(where(signs, Infinity, y).min());
    const example = Number.isFinite(smallest) ? `e.g. ${smallest}` : 'NaN or ±Infinity';
    throw new RangeError(`${loss}: labels y must be -1 or 1, got ${count} other value(s), ${example}; ${hint}`);
  });
}

/** Shape without `dim`: what a class-index target, or a per-sample loss, looks like. */
export const without = (shape: readonly number[], dim: number): number[] => shape.filter((_, i) => i !== dim);

/**
 * An int32 y holds class indices and must have ŷ's shape without the class dim; any other y must
 * have ŷ's shape. Returns whether y holds indices.
 */
export function isIndexTarget(loss: string, yhat: Tensor, y: Tensor, dim: number): boolean {
  const want = without(yhat.shape, dim);
  if (y.dtype !== 'int32') {
    if (!sameShape(y.shape, yhat.shape) && sameShape(y.shape, want)) {
      throw new RangeError(`${loss}: ${y.dtype} target of shape ${shapeStr(y.shape)} has the shape of class indices for prediction shape ${shapeStr(yhat.shape)} (class dim ${dim}), but class indices are int32: pass y.to('int32'), or a one-hot/probability target of shape ${shapeStr(yhat.shape)}`);
    }
    checkShapes(loss, yhat, y);
    return false;
  }
  if (!sameShape(y.shape, want)) {
    throw new RangeError(`${loss}: int32 target of shape ${shapeStr(y.shape)} is read as class indices, which need the prediction shape ${shapeStr(yhat.shape)} without class dim ${dim}, i.e. ${shapeStr(want)}; pass a float (e.g. one-hot) target of shape ${shapeStr(yhat.shape)} for dense targets`);
  }
  return true;
}

/** y·logp with 0 where y = 0 and logp = −∞ (the term's true value), so a −∞ on a non-target class stays finite. */
export function targetDot(y: Tensor, logp: Tensor): Tensor {
  return y.mul(where(y.eq(0).mul(logp.eq(-Infinity)), 0, logp));
}

/**
 * PyTorch 1.13's `cross_entropy` structure for a dense (one-hot or probability) target y over
 * per-class log-likelihood terms s (class dim `dim`):
 *   ỹ = (1 − α)·y + α/C,  lᵢ = −Σ_c w_c·dot(ỹ, s)[i, c];  'mean' = Σ lᵢ / N (samples, not Σ weight)
 * `dot` multiplies target and terms (xlogy-style, so that a 0 target meets log 0 as 0).
 * ignoreIndex has no index to compare with: any value but PyTorch's default −100 is an error.
 */
export function denseTargetLoss(
  loss: string, s: Tensor, y: Tensor, dim: number, opts: IndexTargetOptions & AggOptions,
  dot: (y: Tensor, s: Tensor) => Tensor = targetDot,
): Tensor {
  const { weight, ignoreIndex, labelSmoothing: alpha = 0 } = opts;
  if (ignoreIndex !== undefined && ignoreIndex !== -100) {
    throw new RangeError(`${loss}: option ignoreIndex applies only to int32 class-index targets; a dense (one-hot or probability) target of shape ${shapeStr(y.shape)} has no index to ignore (as PyTorch: ignore_index is not supported for floating point target)`);
  }
  const C = s.shape[dim];
  checkWeight(loss, weight, C, s);
  const smoothed = alpha > 0 ? y.mul(1 - alpha).add(alpha / C) : y;
  let terms = dot(smoothed, s);
  if (weight) terms = terms.mul(weight.reshape(s.shape.map((n, i) => (i === dim ? n : 1))));
  return aggregate(terms.sum(dim).neg(), opts.agg);
}

function checkWeight(loss: string, weight: Tensor | undefined, C: number, s: Tensor): void {
  if (weight && !sameShape(weight.shape, [C])) {
    throw new RangeError(`${loss}: weight shape ${shapeStr(weight.shape)} does not match the ${C} classes of prediction shape ${shapeStr(s.shape)} (want [${C}])`);
  }
}

/**
 * PyTorch's cross-entropy structure over per-class log-likelihood terms s (class dim `dim`; the
 * loss terms are f = −s, negated only after the gather, so no full-size negation is made) and
 * int32 targets y:
 *   lᵢ = mᵢ·[(1 − α)·w[yᵢ]·f[i, yᵢ] + (α/C)·Σ_c w_c·f[i, c]],  mᵢ = [yᵢ ≠ ignoreIndex]
 *   'mean' = Σ lᵢ / Σ mᵢ·w[yᵢ];  'sum' = Σ lᵢ;  'none' = l (ignored positions 0).
 * The smoothing term is skipped when α = 0, so a −∞ logit on a non-target class stays finite.
 */
export function classIndexLoss(loss: string, s: Tensor, y: Tensor, dim: number, opts: IndexTargetOptions & AggOptions): Tensor {
  const { weight, ignoreIndex = -100, labelSmoothing: alpha = 0, agg = 'mean' } = opts;
  const C = s.shape[dim];
  checkWeight(loss, weight, C, s);
  const keep = y.eq(ignoreIndex).lt(1);
  const target = where(keep, y, 0);
  checkIndexRange(loss, target, C, dim);

  let l = s.gather(dim, target.unsqueeze(dim)).squeeze(dim).neg();
  const wt = weight ? weight.gather(0, target.flatten()).reshape(target.shape) : null;
  if (wt) l = l.mul(wt);
  if (alpha > 0) {
    const ws = weight ? s.mul(weight.reshape(s.shape.map((n, i) => (i === dim ? n : 1)))) : s;
    l = l.mul(1 - alpha).sub(ws.sum(dim).mul(alpha / C));
  }
  l = where(keep, l, 0);
  if (agg !== 'mean') return aggregate(l, agg);
  const denominator = (wt ? where(keep, wt, 0) : keep.to(l.dtype)).sum();
  return l.sum().div(denominator);
}

export function checkIndexRange(loss: string, target: Tensor, C: number, dim: number): void {
  if (target.size === 0) return;
  const [min, max] = [checkValue(target.min()), checkValue(target.max())];
  const bad = min < 0 ? min : max >= C ? max : null;
  if (bad !== null) throw new RangeError(`${loss}: class index ${bad} is out of range for ${C} classes (class dim ${dim})`);
}
