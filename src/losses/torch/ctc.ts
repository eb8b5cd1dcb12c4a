/**
 * PyTorch's `F.ctc_loss` / `nn.CTCLoss`, composed of primitives: the forward (alpha) recursion
 * of Graves et al. (2006) in log space over the extended label sequence l' = (blank, l₁, blank,
 * l₂, …, blank), one `logsumexp` per frame, batched over the samples. Its gradient comes from the
 * tape, so it is differentiable twice and its graph can be drawn.
 */
import { noGrad, scope } from '../../autograd/tape/state.js';
import { concat, stack, where } from '../../ops/index.js';
import { arange, full } from '../../tensor/create.js';
import { shapeStr } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkIndexRange } from '../common.js';
import { checkOptions } from '../options.js';
import { lengths, type ReductionOptions } from './common.js';

export interface CtcOptions extends ReductionOptions {
  /** The blank class (default 0). */
  blank?: number;
  /** Infinite losses (infeasible alignments) and their gradients become 0 (default false). */
  zeroInfinity?: boolean;
}

type Lengths = Tensor | number | readonly number[];

/** Shifts [N, L] right by k along dim 1, filling with −∞ (the states k steps back). */
const shift = (a: Tensor, k: number): Tensor =>
  k >= a.shape[1]
    ? full(a.shape, -Infinity, { dtype: a.dtype })
    : concat([full([a.shape[0], k], -Infinity, { dtype: a.dtype }), a.slice(1, 0, a.shape[1] - k)], 1);

/** Targets as [N, S] padded rows: a 2-d target as is, a 1-d concatenation cut by the lengths. */
function paddedTargets(targets: Tensor, targetLengths: Tensor, N: number): Tensor {
  if (targets.ndim === 2) return targets;
  const S = targetLengths.size ? noGrad(() => targetLengths.max().item()) : 0;
  if (S === 0 || targets.size === 0) return full([N, S], 0, { dtype: 'int32' });
  const start = targetLengths.cumsum(0).sub(targetLengths); // where each sample's labels begin
  const j = arange(S, undefined, 1, { dtype: 'int32' }).reshape([1, S]);
  const at = start.reshape([N, 1]).add(j.minimum(targetLengths.sub(1).clamp(0).reshape([N, 1])));
  return targets.gather(0, at.clamp(0, targets.size - 1).flatten()).reshape([N, S]);
}

/**
 * PyTorch's connectionist temporal classification loss.
 *
 * `lₙ = −log Σ_{alignments π of targetₙ} Π_t logProbs[t, n, π_t]` (in log space), with the
 * alpha recursion α_t(s) = logsumexp(α_{t−1}(s), α_{t−1}(s − 1), α_{t−1}(s − 2) where l'_s is not
 * blank and differs from l'_{s−2}) + logProbs[t, n, l'_s], frames t ≥ inputLengthₙ leaving α
 * unchanged, and lₙ = −logsumexp(α(2Sₙ), α(2Sₙ − 1)).
 *
 * logProbs is [T, N, C] log-probabilities (e.g. `logSoftmax(2)`), or [T, C] unbatched; targets
 * int32 [N, S] (padded) or 1-d (the targets of all samples concatenated); inputLengths and
 * targetLengths int32 [N] (or arrays, or numbers when unbatched). 'mean' divides each loss by its
 * target length (at least 1) and averages over the batch, as PyTorch; 'sum' sums; 'none' is [N].
 * An alignment that cannot exist (a target too long for its input) gives +∞, or 0 with
 * zeroInfinity (whose gradient is then 0 too). PyTorch's own CTC gradient is exp(logProbs) − γ as the
 * gradient w.r.t. logProbs (the gradient w.r.t. the logits under log_softmax); this one is the
 * gradient w.r.t. logProbs themselves (−γ), and the two agree w.r.t. the logits.
 * Defaults: blank 0, reduction 'mean', zeroInfinity false.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.CTCLoss.html
 * @see https://www.cs.toronto.edu/~graves/icml_2006.pdf
 * @example
 * torch.ctcLoss(tensor([[[0, 0]], [[0, 0]]]).logSoftmax(2), tensor([[1]], { dtype: 'int32' }), [2], [1]).item() // 0.2877
 */
export function ctcLoss(logProbs: Tensor, targets: Tensor, inputLengths: Lengths, targetLengths: Lengths, opts: CtcOptions = {}): Tensor {
  return scope('torch.ctcLoss', () => {
    const loss = 'torch.ctcLoss';
    checkOptions(loss, opts);
    const { blank = 0, reduction = 'mean', zeroInfinity = false } = opts;
    const unbatched = logProbs.ndim === 2;
    const lp = unbatched ? logProbs.unsqueeze(1) : logProbs;
    if (lp.ndim !== 3) throw new RangeError(`${loss}: logProbs must be [T, N, C] or [T, C], got shape ${shapeStr(logProbs.shape)}`);
    const [T, N, C] = lp.shape;
    if (targets.dtype !== 'int32') throw new TypeError(`${loss}: targets must hold int32 class indices, got ${targets.dtype}`);
    if (blank >= C) throw new RangeError(`${loss}: blank ${blank} is out of range for ${C} classes`);
    const inLen = lengths(loss, 'inputLengths', inputLengths).reshape([N]);
    const tgLen = lengths(loss, 'targetLengths', targetLengths).reshape([N]);
    if (N > 0 && noGrad(() => inLen.max().item()) > T) throw new RangeError(`${loss}: inputLengths must be at most the ${T} frames of logProbs`);
    const given = unbatched ? targets.reshape([1, targets.size]) : targets;
    const padded = paddedTargets(given, tgLen, N);
    if (padded.shape[0] !== N || (given.ndim === 2 && N > 0 && noGrad(() => tgLen.max().item()) > padded.shape[1])) {
      throw new RangeError(`${loss}: targets of shape ${shapeStr(targets.shape)} do not hold targetLengths for ${N} samples`);
    }
    // labels past a sample's target length are padding (any value, as PyTorch): read as blank
    const used = arange(padded.shape[1], undefined, 1, { dtype: 'int32' }).reshape([1, padded.shape[1]]).lt(tgLen.reshape([N, 1]));
    const rows = where(used, padded, blank);
    checkIndexRange(loss, rows, C, 2);
    if (T === 0) return finish(where(tgLen.eq(0), 0, Infinity).to(lp.dtype), tgLen, reduction, zeroInfinity, unbatched);

    // the extended labels l' [N, L], L = 2S + 1, and which states are real (s < 2Sₙ + 1)
    const S = rows.shape[1], L = 2 * S + 1;
    const blanks = full([N, S], blank, { dtype: 'int32' });
    const ext = concat([stack([blanks, rows], 2).reshape([N, 2 * S]), full([N, 1], blank, { dtype: 'int32' })], 1);
    const state = arange(L, undefined, 1, { dtype: 'int32' }).reshape([1, L]);
    const real = state.lt(tgLen.mul(2).add(1).reshape([N, 1]));
    // the skip s − 2 → s is allowed onto a label that is not blank and not the label two back
    const skip = L > 2
      ? concat([full([N, 2], 0, { dtype: 'int32' }), ext.slice(1, 2).eq(blank).add(ext.slice(1, 2).eq(ext.slice(1, 0, L - 2))).eq(0)], 1)
      : full([N, L], 0, { dtype: 'int32' });

    // emissions [T, N, L]: logProbs of each extended label
    const emit = lp.gather(2, ext.unsqueeze(0).expand([T, N, L]));
    let alpha = where(state.lt(2).mul(real), emit.select(0, 0), -Infinity);
    for (let t = 1; t < T; t++) {
      const paths = stack([alpha, shift(alpha, 1), where(skip, shift(alpha, 2), -Infinity)], 0).logsumexp(0);
      const next = where(real, paths.add(emit.select(0, t)), -Infinity);
      alpha = where(inLen.gt(t).reshape([N, 1]), next, alpha);
    }
    const end = tgLen.mul(2).reshape([N, 1]);
    const last = alpha.gather(1, end).squeeze(1);
    const beforeLast = where(tgLen.gt(0), alpha.gather(1, end.sub(1).clamp(0)).squeeze(1), -Infinity);
    return finish(stack([last, beforeLast], 0).logsumexp(0).neg(), tgLen, reduction, zeroInfinity, unbatched);
  });
}

/** zeroInfinity, then PyTorch's reductions: 'mean' divides by the target lengths (at least 1) before averaging. */
function finish(nll: Tensor, tgLen: Tensor, reduction: string, zeroInfinity: boolean, unbatched: boolean): Tensor {
  const l = zeroInfinity ? where(nll.eq(Infinity), 0, nll) : nll;
  if (reduction === 'mean') return l.div(tgLen.clamp(1).to(l.dtype)).mean();
  if (reduction === 'sum') return l.sum();
  return unbatched ? l.reshape([]) : l;
}
