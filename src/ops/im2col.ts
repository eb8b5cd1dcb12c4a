import { allocate, type DType, type TypedArray } from '../tensor/dtype.js';
import { copyInto, type Arr } from '../tensor/elementwise.js';
import { isRowMajor } from '../tensor/shape.js';
import { packPanels } from '../tensor/kernels/js/matmul.js';
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
 * im2col by rows into `mem` at `at`: R[(n·L + l)·K + k] = x[n, c, oy·s + i·d − p, ox·s + j·d − p]
 * (0 on padding) for output position l = (oy, ox) and k = (c, i, j), so that conv2d is one
 * product R·Wᵀ with K = C·kh·kw. x is first copied into a zero-padded row-major scratch (unless it
 * already is row-major and unpadded), so the loop writes R in order with no bounds check.
 */
export function im2colRows(x: Arr, w: Window, dtype: DType, mem: TypedArray, at: number): void {
  const [N, C] = x.shape, g = geometry(x, w), K = C * w.kernel[0] * w.kernel[1];
  const { data: src, base } = padded(x, w.padding[0], w.padding[1], dtype);
  if (K <= MAX_UNROLLED) {
    windowCopier(C, w, g.plane, g.Wp, { rowLength: K, add: false })(src, base, mem, at, N, C * g.plane, g.oh, g.ow, w.stride[0] * g.Wp, w.stride[1], 0);
  } else {
    rowCopier(w.kernel[1], w.dilation[1])(src, base, mem, N, C, w.kernel[0], g.oh, g.ow, g.plane, g.Wp, w.stride[0], w.stride[1], w.dilation[0], 0, at);
  }
}

/**
 * im2col by rows written as the 4-column panels a staged matmul reads B from (KernelSet.matmulStaged):
 * element (r, k) of R above at mem[at + (⌊k/4⌋·N·L + r)·4 + k mod 4], zero for K ≤ k < 4⌈K/4⌉.
 * conv2d's weight gradient is then Gᵀ·R with no copy of R.
 */
export function im2colPanels(x: Arr, w: Window, dtype: DType, mem: TypedArray, at: number): void {
  const [N, C] = x.shape, { oh, ow, plane, Wp } = geometry(x, w), K = C * w.kernel[0] * w.kernel[1], NL = N * oh * ow;
  if (K > MAX_UNROLLED) {
    const rows = scratch(dtype, 1, NL * K);
    im2colRows(x, w, dtype, rows, 0);
    packPanels(rows, 0, K, 1, NL, K, mem.subarray(at));
    return;
  }
  const { data: src, base } = padded(x, w.padding[0], w.padding[1], dtype);
  windowCopier(C, w, plane, Wp, 'panels')(src, base, mem, at, N, C * plane, oh, ow, w.stride[0] * Wp, w.stride[1], NL * 4);
}

/**
 * col2im from rows: row (n, oy, ox) of `mem` (at `at`, rows `rowLength` ≥ K apart) added onto the
 * window at (oy·s − p, ox·s − p) of `image`, a zero-bordered row-major [N, C, H + 2p, W + 2p].
 */
export function col2imRows(mem: TypedArray, at: number, rowLength: number, image: TypedArray, N: number, C: number,
  w: Window, oh: number, ow: number, plane: number, Wp: number): void {
  if (C * w.kernel[0] * w.kernel[1] <= MAX_UNROLLED) {
    windowCopier(C, w, plane, Wp, { rowLength, add: true })(image, 0, mem, at, N, C * plane, oh, ow, w.stride[0] * Wp, w.stride[1], 0);
  } else {
    rowCopier(w.kernel[1], w.dilation[1], false)(image, 0, mem, N, C, w.kernel[0], oh, ow, plane, Wp, w.stride[0], w.stride[1], w.dilation[0], rowLength - C * w.kernel[0] * w.kernel[1], at);
  }
}

/** Windows of up to this many values get a copier with every value's offset written out; larger ones loop per kernel row. */
const MAX_UNROLLED = 1024;

type WindowCopy = (src: ArrayLike<number>, base: number, mem: TypedArray, at: number, N: number, image: number,
  oh: number, ow: number, rowStep: number, colStep: number, panel: number) => void;
/** Where window values go: rows `rowLength` apart (added onto the image instead when `add`: col2im), or B's 4-column panels. */
type Layout = { rowLength: number; add: boolean } | 'panels';
const windowCopiers = new Map<string, WindowCopy>();

/**
 * The loop over window positions of im2col (or col2im), compiled per window shape, padded image
 * size and layout with the K values written out, each at its constant offset
 * c·plane + i·d·W′ + j·d from the window's corner: no inner loop, table or index arithmetic per
 * value (im2col to panels 2.5x a loop over an offset table; by rows 1.5x the loop per kernel row).
 */
function windowCopier(C: number, w: Window, plane: number, Wp: number, layout: Layout): WindowCopy {
  const [kh, kw] = w.kernel, [dh, dw] = w.dilation;
  const key = `${C},${kh},${kw},${dh},${dw},${plane},${Wp},${layout === 'panels' ? 'p' : `${layout.rowLength},${layout.add}`}`;
  let f = windowCopiers.get(key);
  if (!f) {
    const from: number[] = [];
    for (let c = 0; c < C; c++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) from.push(c * plane + i * dh * Wp + j * dw);
    const lines: string[] = [];
    if (layout === 'panels') {
      for (let q = 0; q < Math.ceil(from.length / 4); q++) {
        const lane = (e: number) => (4 * q + e < from.length ? `src[corner + ${from[4 * q + e]}]` : '0');
        lines.push(`mem[t] = ${lane(0)}; mem[t + 1] = ${lane(1)}; mem[t + 2] = ${lane(2)}; mem[t + 3] = ${lane(3)}; t += panel;`);
      }
    } else {
      from.forEach((o, k) => lines.push(layout.add ? `src[corner + ${o}] += mem[t + ${k}];` : `mem[t + ${k}] = src[corner + ${o}];`));
    }
    const next = layout === 'panels' ? 4 : layout.rowLength;
    f = new Function('src', 'base', 'mem', 'at', 'N', 'image', 'oh', 'ow', 'rowStep', 'colStep', 'panel', `
      for (let n = 0, r = at; n < N; n++) {
        for (let oy = 0; oy < oh; oy++) {
          for (let ox = 0, corner = base + n * image + oy * rowStep; ox < ow; ox++, corner += colStep, r += ${next}) {
            let t = r;
            ${lines.join(' ')}
          }
        }
      }`) as WindowCopy;
    windowCopiers.set(key, f);
  }
  return f;
}

/** The sizes a window's loops need: output height and width, and the padded image's plane and row. */
export function geometry(x: Arr, w: Window): { oh: number; ow: number; plane: number; Wp: number } {
  const [, , H, W] = x.shape, Wp = W + 2 * w.padding[1];
  return { oh: outSize(H, w, 0), ow: outSize(W, w, 1), plane: (H + 2 * w.padding[0]) * Wp, Wp };
}

type RowCopier = (src: ArrayLike<number>, base: number, rows: TypedArray, N: number, C: number, kh: number, oh: number, ow: number,
  plane: number, Wp: number, strideY: number, strideX: number, dh: number, rowPad: number, start: number) => void;
const copiers = new Map<string, RowCopier>();

/**
 * The general loop (windows of more than MAX_UNROLLED values) over every (window, kernel row) pair of im2col by rows, compiled for one window width
 * and dilation with the kw elements of a window row written out one by one: V8 then keeps the
 * whole loop in registers (2x the generic loop, whose inner loop runs 3 or 5 times). `gather`
 * copies the image into the rows (im2col); otherwise the rows are added back onto the image
 * (col2im, the adjoint). Rows start at `start` and are K long, or K + rowPad apart when the rows
 * are padded (a matmul output of a width rounded up to whole panels). Compiled once per
 * (kw, dw, direction), as the elementwise kernels are.
 */
function rowCopier(kw: number, dw: number, gather = true): RowCopier {
  const key = `${kw},${dw},${gather}`;
  let f = copiers.get(key);
  if (!f) {
    const one = (j: number) => (gather ? `rows[r + ${j}] = src[at + ${j * dw}];` : `src[at + ${j * dw}] += rows[r + ${j}];`);
    const body = Array.from({ length: kw }, (_, j) => one(j)).join(' ');
    f = new Function('src', 'base', 'rows', 'N', 'C', 'kh', 'oh', 'ow', 'plane', 'Wp', 'strideY', 'strideX', 'dh', 'rowPad', 'start', `
      let r = start | 0;
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
  const Hp = H + 2 * ph, Wp = W + 2 * pw, out = scratch(dtype, 0, N * C * Hp * Wp).fill(0);
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
 * A conv weight [O, C, kh, kw] as a matrix [O, K] with contiguous rows (element (o, k) at
 * data[offset + o·rowStride + k]): the weight's own storage when its (c, i, j) dims already are
 * row-major, else a row-major copy. packPanels then lays out W or Wᵀ as a product's B.
 */
export function weightRows(weight: Arr, dtype: DType): { data: TypedArray; offset: number; rowStride: number } {
  const [O, C, kh, kw] = weight.shape;
  if (isRowMajor(weight.shape.slice(1), weight.stride.slice(1))) return { data: weight.data, offset: weight.offset, rowStride: weight.stride[0] };
  const data = allocate(dtype, O * C * kh * kw);
  copyInto(data, weight);
  return { data, offset: 0, rowStride: C * kh * kw };
}

/**
 * g [N, O, oh, ow] with its channels laid out per position, G[(n·L + l)·O + o] = g[n, o, l], into
 * mem at `at` (the A of conv2dInputGrad's product); or transposed, Gᵀ[o·N·L + n·L + l], when
 * `channelMajor` (the A of conv2dWeightGrad's).
 */
export function channelsPerPosition(g: Arr, mem: TypedArray, at: number, channelMajor: boolean): void {
  const [N, O, oh, ow] = g.shape, L = oh * ow, src = g.data, [sn, so, sy, sx] = g.stride;
  if (channelMajor && sy === ow * sx && sx === 1) {
    // each (n, o) plane is one contiguous run
    for (let n = 0; n < N; n++) for (let o = 0, p = g.offset + n * sn; o < O; o++, p += so) mem.set(src.subarray(p, p + L), at + o * N * L + n * L);
    return;
  }
  const step = channelMajor ? 1 : O;
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      let r = at + (channelMajor ? o * N * L + n * L : n * L * O + o);
      for (let y = 0; y < oh; y++) {
        for (let x = 0, p = g.offset + n * sn + o * so + y * sy; x < ow; x++, p += sx, r += step) mem[r] = src[p];
      }
    }
  }
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
