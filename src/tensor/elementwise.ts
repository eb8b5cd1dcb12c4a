import type { NdArray } from 'ndarray';
import type { TypedArray } from './dtype.js';
import { isRowMajor, type Shape } from './shape.js';
import { int32Error } from './validate.js';

export type Arr = NdArray<TypedArray>;

/**
 * out[i] = expr(a[i], b[i], c[i]; p, q) over same-shaped inputs of any strides, written into a
 * fresh row-major `out`. Inputs may be stride-0 broadcast views.
 */
export type Elementwise = (out: TypedArray, shape: Shape, a: Arr, b?: Arr, c?: Arr, p?: number, q?: number) => void;

const NAMES = ['a', 'b', 'c'] as const;

/**
 * Compiles an elementwise kernel from an expression over `a`, `b`, `c` (element values) and `p`,
 * `q` (scalar parameters). Code generation, as cwise does for ndarray-ops, gives each op a tight
 * monomorphic loop: a flat loop when every input is row-major, and otherwise a walk of the outer
 * dims with a strided innermost loop, so a broadcast along any axis costs no index arithmetic per
 * element. `helpers` are scalar functions the expression may call by name.
 */
export function elementwise(arity: 1 | 2 | 3, expr: string, helpers: Record<string, (x: number) => number> = {}): Elementwise {
  const ins = NAMES.slice(0, arity);
  const D = (v: string) => `${v.toUpperCase()}d`;
  const src = `
    return function kernel(out, shape, a_, b_, c_, p, q) {
      const n = out.length;
      if (n === 0) return;
      ${ins.map((v) => `const ${D(v)} = ${v}_.data, ${v}o = ${v}_.offset, ${v}s = ${v}_.stride;`).join('\n')}
      if (${ins.map((v) => `isRowMajor(shape, ${v}s)`).join(' && ')}) {
        for (let i = 0; i < n; i++) {
          ${ins.map((v) => `const ${v} = ${D(v)}[${v}o + i];`).join(' ')}
          out[i] = ${expr};
        }
        return;
      }
      const nd = shape.length, inner = shape[nd - 1], outer = n / inner;
      ${ins.map((v) => `const ${v}in = ${v}s[nd - 1]; let ${v}p = ${v}o;`).join('\n')}
      const idx = new Int32Array(nd);
      let o = 0;
      for (let r = 0; r < outer; r++) {
        ${ins.map((v) => `let ${v}i = ${v}p;`).join(' ')}
        for (let j = 0; j < inner; j++) {
          ${ins.map((v) => `const ${v} = ${D(v)}[${v}i]; ${v}i += ${v}in;`).join(' ')}
          out[o++] = ${expr};
        }
        for (let d = nd - 2; d >= 0; d--) {
          ${ins.map((v) => `${v}p += ${v}s[d];`).join(' ')}
          if (++idx[d] < shape[d]) break;
          ${ins.map((v) => `${v}p -= ${v}s[d] * shape[d];`).join(' ')}
          idx[d] = 0;
        }
      }
    };`;
  const names = Object.keys(helpers);
  return new Function('isRowMajor', ...names, src)(isRowMajor, ...names.map((k) => helpers[k])) as Elementwise;
}

/**
 * Row-major copy of any view into the first x.size elements of `out`. The kernels loop over
 * out.length, so a longer buffer (a reused scratch) is cut to size first: otherwise they would
 * copy the whole buffer, and an empty x (inner dim 0) would never end.
 */
const copyKernel = elementwise(1, 'a');
export function copyInto(out: TypedArray, x: Arr): void {
  copyKernel(out.length === x.size ? out : out.subarray(0, x.size), x.shape, x);
}

/** Thrown by the int32 kernel at the first value int32 cannot hold; castInto names the function. */
class Int32Overflow extends Error {
  constructor(readonly value: number) { super('int32 overflow'); }
}
const int32Kernel = elementwise(1, 'a > -2147483649 && a < 2147483648 ? a : bad(a)', {
  bad: (v: number) => { throw new Int32Overflow(v); },
});

/**
 * Row-major copy of x converted to out's type. Into int32 storage every value is checked first
 * (NaN, ±Infinity and values beyond the int32 range are errors naming `fn`, never a wrapped
 * number); fractions truncate toward zero, as in PyTorch.
 */
export function castInto(fn: string, out: TypedArray, x: Arr): void {
  if (!(out instanceof Int32Array) || x.data instanceof Int32Array) return copyInto(out, x);
  try {
    int32Kernel(out.length === x.size ? out : out.subarray(0, x.size), x.shape, x);
  } catch (e) {
    throw e instanceof Int32Overflow ? int32Error(fn, e.value) : e;
  }
}
