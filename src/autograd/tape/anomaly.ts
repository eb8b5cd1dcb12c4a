import type { Tensor } from '../../tensor/tensor.js';
import { shapeStr } from '../../tensor/shape.js';

/** Throws `${what} NaN|Infinity ${where} (shape [..])` when t holds a non-finite value. */
export function assertFinite(t: Tensor, what: string, where: string): void {
  if (t.dtype === 'int32') return;
  const d = t.contiguousData();
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v - v !== 0) {
      throw new Error(`detectAnomaly: ${what} ${Number.isNaN(v) ? 'NaN' : v} ${where} (shape ${shapeStr(t.shape)}, element ${i})`);
    }
  }
}
