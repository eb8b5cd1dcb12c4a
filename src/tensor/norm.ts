/**
 * The p-norm (Σ|v|ᵖ)^(1/p) of the values of several arrays taken as one vector, as a plain number
 * (float64 loops, no tape): p = Infinity is the largest |v|. NaN anywhere gives NaN and an
 * infinite value Infinity; the values are scaled by the largest magnitude first, so large finite
 * values do not overflow. The numeric twin of the differentiable `norm` (ops/statistics.ts), for
 * the layers that need a number: graph (a node's gradient norm) and optim (clipGradNorm).
 */
export function valuesNorm(arrays: readonly ArrayLike<number>[], p = 2): number {
  let max = 0;
  for (const v of arrays) {
    for (let i = 0; i < v.length; i++) {
      const a = Math.abs(v[i]!);
      if (Number.isNaN(a)) return NaN;
      if (a > max) max = a;
    }
  }
  if (p === Infinity || max === 0 || max === Infinity) return max;
  let s = 0;
  for (const v of arrays) {
    if (p === 2) {
      for (let i = 0; i < v.length; i++) {
        const r = v[i]! / max;
        s += r * r;
      }
    } else {
      for (let i = 0; i < v.length; i++) s += Math.abs(v[i]! / max) ** p;
    }
  }
  return max * (p === 2 ? Math.sqrt(s) : s ** (1 / p));
}
