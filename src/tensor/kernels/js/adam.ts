import type { TypedArray } from '../../dtype.js';

/** KernelSet.adamStep: PyTorch's order of operations, each line one stored (so rounded) value. */
export function adamStep(P: TypedArray, G: TypedArray, M: TypedArray, V: TypedArray, b1: number, b2: number, eps: number, stepSize: number, bc2Sqrt: number): void {
  for (let i = 0; i < P.length; i++) {
    const gi = G[i];
    M[i] = b1 * M[i] + (1 - b1) * gi;
    V[i] = b2 * V[i] + (1 - b2) * gi * gi;
    P[i] -= stepSize * (M[i] / (Math.sqrt(V[i]) / bc2Sqrt + eps));
  }
}
