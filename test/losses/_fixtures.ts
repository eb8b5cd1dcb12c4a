/** Reading test/fixtures/losses.json (PyTorch 1.13 values and gradients) into tensors. */
import { readFileSync } from 'node:fs';
import * as assert from 'uvu/assert';
import { losses, tensor, type Tensor } from '../../src/index.js';

export interface T { dtype: 'float64' | 'int32'; shape: number[]; data: (number | string)[] }
export interface Case { name: string; loss: string; args: T[]; opts: Record<string, unknown>; value: T; grads: (T | null)[] }

export const cases: Case[] = JSON.parse(readFileSync(new URL('../fixtures/losses.json', import.meta.url), 'utf8')).cases;

export const num = (v: number | string): number => (typeof v === 'number' ? v : Number(v));
const nonFinite = new Set(['Infinity', '-Infinity', 'NaN']);

export function toTensor(t: T, dtype: 'float32' | 'float64' = 'float64'): Tensor {
  if (t.dtype === 'int32') return tensor(Int32Array.from(t.data.map(num)), { shape: t.shape });
  return tensor(Float64Array.from(t.data.map(num)), { shape: t.shape, dtype });
}
const isT = (v: unknown): v is T => typeof v === 'object' && v !== null && 'shape' in v && 'data' in v;

export function toOpts(o: Record<string, unknown>, dtype: 'float32' | 'float64' = 'float64'): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, isT(v) ? toTensor(v, dtype) : typeof v === 'string' && nonFinite.has(v) ? num(v) : v]));
}

/** Calls a fixture case's loss the way the fixture lays out its arguments. */
export function call(loss: string, args: Tensor[], opts: Record<string, unknown>): Tensor {
  const L = losses as unknown as Record<string, (...a: unknown[]) => Tensor>;
  if (loss === 'labelSmoothing') {
    const { alpha, ...rest } = opts;
    return L.labelSmoothing(args[0], alpha, rest);
  }
  if (loss === 'classBalancedWeights') return L.classBalancedWeights(args[0], opts.beta);
  return L[loss](...args, opts);
}

/** |a − e| ≤ atol + rtol·|e|, with non-finite values equal exactly. */
export function closeTo(a: number, e: number, rtol = 1e-9, atol = 1e-10): boolean {
  if (!Number.isFinite(e)) return Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e));
  return Math.abs(a - e) <= atol + rtol * Math.abs(e);
}

/** Null when t matches want (shape and every element), else a message naming the worst element. */
export function mismatch(t: Tensor, want: T, rtol = 1e-9, atol = 1e-10): string | null {
  if (t.shape.join(',') !== want.shape.join(',')) return `shape [${t.shape}] vs [${want.shape}]`;
  const got = Array.from(t.contiguousData());
  for (let i = 0; i < got.length; i++) {
    const e = num(want.data[i]);
    if (!closeTo(got[i], e, rtol, atol)) return `element ${i}: ${got[i]} vs ${e}`;
  }
  return null;
}

/** Asserts that t matches want (see mismatch), naming `what` and the first bad element. */
export function expectClose(t: Tensor, want: T, what: string, rtol = 1e-9, atol = 1e-10): void {
  const m = mismatch(t, want, rtol, atol);
  assert.is(m, null, `${what}: ${m}`);
}
