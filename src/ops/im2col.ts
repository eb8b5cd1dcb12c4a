import type { DType, TypedArray } from '../tensor/dtype.js';
import type { Arr } from '../tensor/elementwise.js';
import { isRowMajor } from '../tensor/shape.js';
import { outSize, type Window } from './window.js';

/**
 * Scratch buffers of the fused convolution primitives, reused across calls: they never leave the
 * forward that fills them (its output is always a fresh array), and JS runs one forward at a time,
 * so no live tensor can see a reused buffer.
 */
const buffers = { float32: [] as Float32Array[], float64: [] as Float64Array[] };
export function scratch(dtype: DType, slot: number, size: number): TypedArray {
  const list: TypedArray[] = dtype === 'float64' ? buffers.float64 : buffers.float32;
  if (!(list[slot]?.length >= size)) list[slot] = dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
  return list[slot];
}

/**
 * im2col by rows: R[(n·L + l)·K + k] = x[n, c, oy·s + i·d − p, ox·s + j·d − p] (0 on padding) for
 * output position l = (oy, ox) and k = (c, i, j), so that conv2d is one product R·Wᵀ with
 * K = C·kh·kw. x is first copied into a zero-padded row-major scratch (unless it already is
 * row-major and unpadded), so the loop writes R in order with no bounds check. Returns the rows
 * (a scratch buffer).
 */
export function im2colRows(x: Arr, w: Window, dtype: DType, slot: number): { rows: TypedArray; L: number; K: number } {
  const [N, C, H, W] = x.shape, [kh, kw] = w.kernel;
  const oh = outSize(H, w, 0), ow = outSize(W, w, 1), L = oh * ow, K = C * kh * kw;
  const rows = scratch(dtype, slot, N * L * K);
  const [strideY, strideX] = w.stride, [dh, dw] = w.dilation, [ph, pw] = w.padding;
  const Hp = H + 2 * ph, Wp = W + 2 * pw, plane = Hp * Wp;
  const { data: src, base } = padded(x, ph, pw, dtype);
  rowCopier(kw, dw)(src, base, rows, N, C, kh, oh, ow, plane, Wp, strideY, strideX, dh);
  return { rows, L, K };
}

type RowCopier = (src: ArrayLike<number>, base: number, rows: TypedArray, N: number, C: number, kh: number, oh: number, ow: number,
  plane: number, Wp: number, strideY: number, strideX: number, dh: number, rowPad?: number) => void;
const copiers = new Map<string, RowCopier>();

/**
 * The loop over every (window, kernel row) pair of im2col by rows, compiled for one window width
 * and dilation with the kw elements of a window row written out one by one: V8 then keeps the
 * whole loop in registers (2x the generic loop, whose inner loop runs 3 or 5 times). `gather`
 * copies the image into the rows (im2col); otherwise the rows are added back onto the image
 * (col2im, the adjoint). Rows are K long, or K + rowPad apart when the rows are padded (a matmul
 * output of a width rounded up to whole panels). Compiled once per (kw, dw, direction), as the
 * elementwise kernels are.
 */
export function rowCopier(kw: number, dw: number, gather = true): RowCopier {
  const key = `${kw},${dw},${gather}`;
  let f = copiers.get(key);
  if (!f) {
    const one = (j: number) => (gather ? `rows[r + ${j}] = src[at + ${j * dw}];` : `src[at + ${j * dw}] += rows[r + ${j}];`);
    const body = Array.from({ length: kw }, (_, j) => one(j)).join(' ');
    f = new Function('src', 'base', 'rows', 'N', 'C', 'kh', 'oh', 'ow', 'plane', 'Wp', 'strideY', 'strideX', 'dh', 'rowPad', `
      let r = 0;
      rowPad = rowPad | 0;
      for (let n = 0; n < N; n++) {
        for (let oy = 0; oy < oh; oy++) {
          for (let ox = 0; ox < ow; ox++) {
            const corner = base + n * C * plane + oy * strideY * Wp + ox * strideX;
            for (let c = 0; c < C; c++) {
              for (let i = 0, at = corner + c * plane; i < kh; i++, at += dh * Wp, r += ${kw}) { ${body} }
            }
            r += rowPad;
          }
        }
      }`) as RowCopier;
    copiers.set(key, f);
  }
  return f;
}

/** x as row-major [N, C, H + 2·ph, W + 2·pw] with a zero border: x's own storage when it already is that. */
function padded(x: Arr, ph: number, pw: number, dtype: DType): { data: ArrayLike<number>; base: number } {
  const [N, C, H, W] = x.shape;
  if (ph === 0 && pw === 0 && isRowMajor(x.shape, x.stride)) return { data: x.data, base: x.offset };
  const Hp = H + 2 * ph, Wp = W + 2 * pw, out = scratch(dtype, 3, N * C * Hp * Wp).fill(0);
  const src = x.data, [sn, sc, sy, sx] = x.stride;
  for (let n = 0, p = 0; n < N; n++) {
    for (let c = 0; c < C; c++, p++) {
      for (let y = 0; y < H; y++) {
        let at = x.offset + n * sn + c * sc + y * sy, to = (p * Hp + y + ph) * Wp + pw;
        for (let xx = 0; xx < W; xx++, at += sx) out[to++] = src[at];
      }
    }
  }
  return { data: out, base: 0 };
}

/**
 * im2col by columns, unfold's storage order: U[k·(N·L) + n·L + l] for k = (c, i, j), so each
 * (k, n, oy) writes one contiguous run of ow values (the in-bounds range of ox found once per k).
 * conv2dWeightGrad multiplies this [K, N·L] matrix by g's rows. Returns a scratch buffer.
 */
export function im2colCols(x: Arr, w: Window, dtype: DType, slot: number): TypedArray {
  const out = scratch(dtype, slot, colsSize(x, w));
  if (w.padding[0] > 0 || w.padding[1] > 0) out.fill(0, 0, colsSize(x, w));
  return writeCols(x, w, out);
}

/** The element count of x's columns for window w: C·kh·kw · N·oh·ow. */
export function colsSize(x: Arr, w: Window): number {
  const [N, C, H, W] = x.shape;
  return C * w.kernel[0] * w.kernel[1] * N * outSize(H, w, 0) * outSize(W, w, 1);
}

/** Writes x's columns in unfold's storage order into `out` (zero-filled where a window covers padding). */
export function writeCols<T extends TypedArray>(x: Arr, w: Window, out: T): T {
  const [N, C, H, W] = x.shape, [kh, kw] = w.kernel;
  const oh = outSize(H, w, 0), ow = outSize(W, w, 1);
  const [ph, pw] = w.padding;
  const src = x.data, [sn, sc, sy, sx] = x.stride;
  const [strideY, strideX] = w.stride, [dh, dw] = w.dilation;
  let o = 0;
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        // Output columns whose input x = ox·s + j·d − p lies inside [0, W): [x0, x1).
        const shift = j * dw - pw;
        const x0 = Math.min(ow, Math.max(0, Math.ceil(-shift / strideX)));
        const x1 = Math.max(x0, Math.min(ow, Math.floor((W - 1 - shift) / strideX) + 1));
        const step = strideX * sx;
        for (let n = 0; n < N; n++) {
          const base = x.offset + n * sn + c * sc + shift * sx;
          for (let oy = 0; oy < oh; oy++, o += ow) {
            const y = oy * strideY - ph + i * dh;
            if (y < 0 || y >= H) continue;
            for (let ox = x0, at = base + y * sy + x0 * step; ox < x1; ox++, at += step) out[o + ox] = src[at];
          }
        }
      }
    }
  }
  return out;
}
