/**
 * Runs a function once with the trace hook set, so every op is seen (also those the tape does not
 * record: comparisons, ops on constants), and says where each op's inputs come from.
 */
import { valueReads, type Tensor } from '../../tensor/tensor.js';
import type { Arr } from '../../tensor/elementwise.js';
import { state, type ScopeFrame } from '../../autograd/tape/state.js';

export interface TracedOp {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  readonly params: any;
  readonly out: Tensor;
  readonly frames: readonly ScopeFrame[];
}
export type Source =
  | { kind: 'input'; index: number }
  | { kind: 'param'; name: string }
  | { kind: 'op'; index: number }
  | { kind: 'const'; tensor: Tensor };
export interface Trace {
  readonly ops: TracedOp[];
  /** Per op, the source of each input. */
  readonly sources: Source[][];
  readonly outputs: Tensor[];
  readonly outputSources: Source[];
  /** The first read of an input-dependent value as a JS number or array (item(), toArray()), if any. */
  readonly read: ValueRead | null;
}
export interface ValueRead {
  readonly how: string;
  /** The op whose result was read ('input' for an input itself). */
  readonly op: string;
  /** The scopes open at the read. */
  readonly frames: readonly ScopeFrame[];
}

/**
 * Values are told apart by their storage view (`tensor.data`), not the Tensor object, so a
 * detach()ed copy of an input-dependent value still depends on the input.
 */
export function trace(
  f: (...inputs: Tensor[]) => unknown,
  inputs: readonly Tensor[],
  params: ReadonlyArray<readonly [string, Tensor]>,
): Trace {
  const ops: TracedOp[] = [];
  // values computed from the inputs, by storage, and the op that made each (a branch on one is baked in)
  const dependent = new Map<Arr, string>(inputs.map((t) => [t.data, 'input']));
  let read: ValueRead | null = null;
  const prev = state.trace, prevRead = valueReads.hook;
  state.trace = (op, ins, p, out, frames) => {
    ops.push({ op, inputs: ins.slice(), params: p, out, frames });
    if (ins.some((t) => dependent.has(t.data))) dependent.set(out.data, op);
  };
  valueReads.hook = (t, how) => {
    const op = dependent.get(t.data);
    if (op !== undefined && !read) read = { how, op, frames: state.scopeFrames.slice() };
  };
  let result: unknown;
  try {
    result = f(...inputs);
  } finally {
    state.trace = prev;
    valueReads.hook = prevRead;
  }
  const outputs = Array.isArray(result) ? result : [result];
  outputs.forEach((t, i) => {
    if (!isTensor(t)) throw new TypeError(`exportOnnx: f must return a Tensor or an array of Tensors; output ${i} is ${describe(t)}`);
  });

  const known = new Map<Arr, Source>();
  inputs.forEach((t, index) => known.set(t.data, { kind: 'input', index }));
  for (const [name, t] of params) if (!known.has(t.data)) known.set(t.data, { kind: 'param', name });
  const source = (t: Tensor): Source => known.get(t.data) ?? { kind: 'const', tensor: t };
  const sources = ops.map((o, index) => {
    const s = o.inputs.map(source);
    known.set(o.out.data, { kind: 'op', index });
    return s;
  });
  return { ops, sources, outputs: outputs as Tensor[], outputSources: (outputs as Tensor[]).map(source), read };
}

const isTensor = (t: unknown): t is Tensor => typeof t === 'object' && t !== null && 'data' in t && 'dtype' in t && 'shape' in t;
const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? `a ${v.constructor?.name ?? 'object'}` : `${typeof v} ${String(v)}`);
