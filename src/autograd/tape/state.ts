import type { Tensor } from '../../tensor/tensor.js';

/** Global switches of the tape: whether ops are recorded, the scope stack, anomaly detection. */
export const state = {
  gradEnabled: true,
  anomaly: false,
  scopes: [] as string[],
  /** Per open scope: a number unique to that call of scope(), and its kind (see ScopeKind). */
  scopeFrames: [] as ScopeFrame[],
  nextScopeId: 0,
  /** Set by exportOnnx while it runs the function: sees every op, recorded or not. */
  trace: null as TraceHook | null,
  /** scopes joined by '/', kept in step with `scopes` so recording an op does not join them. */
  scopePath: null as string | null,
  nextNodeId: 0,
  /** How many functional grad() calls are evaluating their function: nested ones record their backward. */
  tracing: 0,
};

/** Runs `fn` without recording: for evaluation and optimizer updates. */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs `fn` with recording on (used by the backward pass when it builds a graph of itself). */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

/** Runs `fn` with recording switched on or off, restoring the previous mode afterwards (even on a throw). */
export function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const prev = state.gradEnabled;
  state.gradEnabled = enabled;
  try {
    return fn();
  } finally {
    state.gradEnabled = prev;
  }
}

/** Whether ops are being recorded now (false inside noGrad). */
export const isGradEnabled = (): boolean => state.gradEnabled;

/**
 * Names the nodes that `fn` records, so a graph printer shows them as one box: every loss runs
 * inside `scope('<loss name>', ...)`. Scopes nest ('mse/sub').
 */
export function scope<T>(name: string, fn: () => T, kind: ScopeKind = 'named'): T {
  if (kind !== 'named' && kind !== 'module') throw new RangeError(`scope: kind must be 'named' or 'module', got ${typeof kind === 'string' ? `'${kind}'` : String(kind)}`);
  const outer = state.scopePath;
  state.scopes.push(name);
  state.scopeFrames.push({ name, id: state.nextScopeId++, kind });
  state.scopePath = outer === null ? name : `${outer}/${name}`;
  try {
    return fn();
  } finally {
    state.scopes.pop();
    state.scopeFrames.pop();
    state.scopePath = outer;
  }
}

/** 'named': a loss or a user's block (exportOnnx: a function in 'tapegrad.losses'); 'module': an nn module's forward. */
export type ScopeKind = 'named' | 'module';
export interface ScopeFrame { readonly name: string; readonly id: number; readonly kind: ScopeKind }
/** Called for every op run while set, after its forward, with its (broadcast) inputs and output. */
export type TraceHook = (op: string, inputs: readonly Tensor[], params: unknown, out: Tensor, scopes: readonly ScopeFrame[]) => void;

/** The open scope path joined by '/' (e.g. 'mse/sub'), or null outside any scope(). */
export const currentScope = (): string | null => state.scopePath;

/**
 * Runs `fn` with anomaly detection: the first op whose forward output or whose gradient holds a
 * NaN or an Infinity throws an error naming the op (and, for forward, its scope).
 */
export function detectAnomaly<T>(fn: () => T): T {
  const prev = state.anomaly;
  state.anomaly = true;
  try {
    return fn();
  } finally {
    state.anomaly = prev;
  }
}
