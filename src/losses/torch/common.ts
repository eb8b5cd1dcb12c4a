/**
 * What the `losses.torch` functions share: PyTorch's `reduction` (read as tapegrad's agg: the
 * same three words), the broadcast check of PyTorch's elementwise `weight`, and integer lengths.
 */
import { noGrad } from '../../autograd/tape/state.js';
import { tensor } from '../../tensor/create.js';
import { shapeStr } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import { aggregate, type Agg } from '../common.js';

/** PyTorch's reductions: 'mean' (default), 'sum', 'none'. */
export type Reduction = 'mean' | 'sum' | 'none';

export interface ReductionOptions {
  /** 'mean' (default) | 'sum' | 'none', as PyTorch. */
  reduction?: Reduction;
}

/** PyTorch's reduction as the agg of a shared composition (the words mean the same). */
export const aggOf = (opts: ReductionOptions): Agg => opts.reduction ?? 'mean';

/** Reduces per-element losses as PyTorch's `reduction` (the catalogue's aggregate: the words mean the same). */
export const reduce = (t: Tensor, reduction: Reduction = 'mean'): Tensor => aggregate(t, reduction);

/** A tensor option PyTorch broadcasts against `shape` (its trailing dims equal or 1), else an error naming loss and option. */
export function checkBroadcastable(loss: string, option: string, w: Tensor | undefined, shape: readonly number[]): void {
  if (!w) return;
  const ok = w.ndim <= shape.length && w.shape.every((n, i) => n === 1 || n === shape[shape.length - w.ndim + i]);
  if (!ok) throw new RangeError(`${loss}: ${option} shape ${shapeStr(w.shape)} does not broadcast to input shape ${shapeStr(shape)}`);
}

/** Per-sample lengths (CTC's input_lengths / target_lengths): an int32 Tensor, a number or an array of integers ≥ 0. */
export function lengths(loss: string, name: string, v: Tensor | number | readonly number[]): Tensor {
  const t = v instanceof Tensor ? v : tensor(typeof v === 'number' ? v : [...v], { dtype: 'int32' });
  if (t.dtype !== 'int32') throw new TypeError(`${loss}: ${name} must hold int32 lengths, got ${t.dtype}`);
  if (t.size > 0 && noGrad(() => t.min().item()) < 0) throw new RangeError(`${loss}: ${name} must be ≥ 0, got ${noGrad(() => t.min().item())}`);
  return t;
}
