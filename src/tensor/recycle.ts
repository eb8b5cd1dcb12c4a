import type { TypedArray } from './dtype.js';

/**
 * Float buffers the backward pass has proven dead, handed out again by `allocate`. A fresh
 * 1 MB typed array costs ~5x a zero fill of an old one (calloc, first-touch page faults, and
 * later the GC's freeing of its backing store on a helper thread), and a training step makes the
 * same big arrays every time: activations, their gradients. Only the backward walk returns
 * buffers here (autograd/tape/backward.ts: a gradient it allocated itself, that no gradient it
 * still holds or hands out shares storage with, once its node's VJP has run); nothing else
 * can know that a buffer is unreachable. int32 buffers are never recycled (maxPool2d's
 * indices are trusted by identity, see ops/indexing.ts).
 */

/** Arrays below this many elements are cheap to make and are not tracked. */
export const RECYCLE_MIN = 4096;
/** At most this many spare buffers per (type, length), and this many bytes in all. */
const PER_SIZE = 4;
const MAX_BYTES = 64 << 20;

const spare = new Map<string, TypedArray[]>();
let spareBytes = 0;
/** The buffers allocated since `trackAllocations` started, by storage (every view of one shares it). */
let tracked: Map<ArrayBufferLike, TypedArray> | null = null;

const key = (a: TypedArray): string => `${a instanceof Float64Array ? 'f64' : 'f32'}:${a.length}`;

/** A recycled zero-filled float array of this length, or null. */
export function takeSpare(wide: boolean, size: number): TypedArray | null {
  const list = spare.get(`${wide ? 'f64' : 'f32'}:${size}`);
  const a = list?.pop();
  if (a === undefined) return null;
  spareBytes -= a.byteLength;
  return a.fill(0);
}

/** Notes a float array `allocate` just made or recycled, while a backward walk tracks them. */
export function noteAllocation(a: TypedArray): void {
  if (tracked !== null) tracked.set(a.buffer, a);
}

/** The map allocations are noted in from now on (null: none); returns the one it replaces (a backward inside a VJP restores the outer walk's). */
export function trackAllocations(into: Map<ArrayBufferLike, TypedArray> | null): Map<ArrayBufferLike, TypedArray> | null {
  const prev = tracked;
  tracked = into;
  return prev;
}

/** Gives back a dead float array (its whole storage, nothing else viewing it). */
export function recycle(a: TypedArray): void {
  if (a instanceof Int32Array || a.byteOffset !== 0 || a.byteLength !== a.buffer.byteLength) return;
  if (spareBytes + a.byteLength > MAX_BYTES) return;
  const k = key(a), list = spare.get(k);
  if (list === undefined) spare.set(k, [a]);
  else if (list.length < PER_SIZE) list.push(a);
  else return;
  spareBytes += a.byteLength;
}

/** Drops every spare buffer (their memory goes back with the next GC). */
export function clearSpareBuffers(): void {
  spare.clear();
  spareBytes = 0;
}

/** The spare buffers held: count and bytes (for tests). */
export const spareStats = (): { buffers: number; bytes: number } => ({ buffers: [...spare.values()].reduce((n, l) => n + l.length, 0), bytes: spareBytes });
