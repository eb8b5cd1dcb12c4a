import type { Tensor } from './tensor.js';

const EDGE = 3, LIMIT = 1000;

/**
 * PyTorch-like printing: `tensor([[1.0000, 2.0000], ...], shape=[2,2], dtype=float32,
 * requiresGrad=true, gradFn=mul)`; dims longer than 6 are summarised with '...' past 1000 elements.
 */
export function formatTensor(t: Tensor): string {
  const flat = t.contiguousData();
  const float = t.dtype !== 'int32';
  const finite = Array.from(flat).filter((v) => Number.isFinite(v));
  const useExp = float && finite.some((v) => v !== 0 && (Math.abs(v) >= 1e8 || Math.abs(v) < 1e-4));
  const fmt = (v: number): string => {
    if (!float) return String(v);
    if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
    return useExp ? v.toExponential(4) : v.toFixed(4);
  };
  const strings = Array.from(flat, fmt);
  const width = strings.reduce((w, s) => Math.max(w, s.length), 0);
  const summarise = t.size > LIMIT;
  const strides = t.shape.map((_, d) => t.shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const render = (dim: number, offset: number, indent: string): string => {
    if (dim === t.ndim) return strings[offset].padStart(width);
    const n = t.shape[dim];
    const picks = summarise && n > 2 * EDGE ? [...range(0, EDGE), -1, ...range(n - EDGE, n)] : range(0, n);
    const sep = dim === t.ndim - 1 ? ', ' : `,${'\n'.repeat(t.ndim - dim - 1)}${indent} `;
    return `[${picks.map((i) => (i < 0 ? '...' : render(dim + 1, offset + i * strides[dim], indent + ' '))).join(sep)}]`;
  };
  const extras = [`shape=[${t.shape.join(',')}]`, `dtype=${t.dtype}`];
  if (t.requiresGrad) extras.push('requiresGrad=true');
  if (t.node) extras.push(`gradFn=${t.node.op}`);
  return `tensor(${render(0, 0, '       ')}, ${extras.join(', ')})`;
}

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
