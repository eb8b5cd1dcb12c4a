/** Global switches of the tape: whether ops are recorded, the scope stack, anomaly detection. */
export const state = {
  gradEnabled: true,
  anomaly: false,
  scopes: [] as string[],
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

export function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const prev = state.gradEnabled;
  state.gradEnabled = enabled;
  try {
    return fn();
  } finally {
    state.gradEnabled = prev;
  }
}

export const isGradEnabled = (): boolean => state.gradEnabled;

/**
 * Names the nodes that `fn` records, so a graph printer shows them as one box: every loss runs
 * inside `scope('<loss name>', ...)`. Scopes nest ('mse/sub').
 */
export function scope<T>(name: string, fn: () => T): T {
  state.scopes.push(name);
  try {
    return fn();
  } finally {
    state.scopes.pop();
  }
}

export const currentScope = (): string | null => (state.scopes.length ? state.scopes.join('/') : null);

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
