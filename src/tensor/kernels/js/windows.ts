import type { TypedArray } from '../../dtype.js';
import type { ImageWindows } from '../types.js';
import { packPanels } from './matmul.js';

/** im2col by rows (KernelSet.im2colRows), the rows' padding zeroed. */
export function im2colRows(mem: TypedArray, image: number, win: ImageWindows, dst: number, rowStride: number): void {
  walkRows(mem, image, win, dst, rowStride, false);
}

/** im2col as B's panels (KernelSet.im2colPanels): in one pass, or by rows at `temp` then packed when the window is large. */
export function im2colPanels(mem: TypedArray, image: number, win: ImageWindows, dst: number, temp: number): void {
  const K = win.C * win.kh * win.kw, R = win.N * win.oh * win.ow;
  if (K > MAX_UNROLLED) {
    walkRows(mem, image, win, temp, K, false);
    packPanels(mem, temp, K, 1, R, K, mem.subarray(dst));
    return;
  }
  copyWindows(win, 'panels', mem, image, dst, R * 4);
}

/** col2im (KernelSet.col2imRows): rows added back onto their windows. */
export function col2imRows(mem: TypedArray, src: number, rowStride: number, win: ImageWindows, image: number): void {
  walkRows(mem, image, win, src, rowStride, true);
}

/** Between the image and rows rowStride apart at mem[rows…]: copied into the rows, or added back onto the image when `add`. */
function walkRows(mem: TypedArray, image: number, win: ImageWindows, rows: number, rowStride: number, add: boolean): void {
  const K = win.C * win.kh * win.kw;
  if (K <= MAX_UNROLLED) copyWindows(win, { rowLength: rowStride, add }, mem, image, rows, 0);
  else rowCopier(win.kw, win.dw, !add)(mem, image, mem, win, rowStride - K, rows);
}

/** Runs the window copier for win and layout between the image at mem[image…] and the rows or panels at mem[at…]. */
function copyWindows(win: ImageWindows, layout: Layout, mem: TypedArray, image: number, at: number, panel: number): void {
  windowCopier(win, layout)(mem, image, mem, at, win.N, win.C * win.plane, win.oh, win.ow, win.sy * win.Wp, win.sx, panel);
}

/** The element offset of each window value k from its window's corner (ImageWindows' formula). */
export function windowOffsets(win: ImageWindows): Int32Array {
  const { C, plane, Wp, kh, kw, dh, dw } = win, out = new Int32Array(C * kh * kw);
  for (let c = 0, k = 0; c < C; c++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) out[k++] = c * plane + i * dh * Wp + j * dw;
  return out;
}

/** KernelSet.windowProduct: one float64 dot product per output value. */
export function windowProduct(x: TypedArray, xOffset: number, win: ImageWindows, weight: TypedArray, wOffset: number, bias: TypedArray | null, bOffset: number, O: number, out: TypedArray): void {
  const { N, C, plane, Wp, sy, sx, oh, ow } = win, off = windowOffsets(win), K = off.length;
  for (let n = 0, at = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const b = bias ? bias[bOffset + o] : 0, wo = wOffset + o * K;
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          const corner = xOffset + n * C * plane + oy * sy * Wp + ox * sx;
          let s = b;
          for (let k = 0; k < K; k++) s += weight[wo + k] * x[corner + off[k]];
          out[at++] = s;
        }
      }
    }
  }
}

/** KernelSet.unfoldRows: one copyWithin per run when the run's values are adjacent (sx = 1). */
export function unfoldRows(mem: TypedArray, image: number, win: ImageWindows, dst: number): void {
  const { N, C, plane, Wp, kh, kw, sy, sx, dh, dw, oh, ow } = win;
  let to = dst;
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        for (let n = 0; n < N; n++) {
          for (let oy = 0; oy < oh; oy++, to += ow) {
            const from = image + (n * C + c) * plane + (oy * sy + i * dh) * Wp + j * dw;
            if (sx === 1) mem.copyWithin(to, from, from + ow);
            else for (let ox = 0; ox < ow; ox++) mem[to + ox] = mem[from + ox * sx];
          }
        }
      }
    }
  }
}

/** KernelSet.permutePlanes: a plane whose values stay adjacent is one copyWithin (no subarray per plane). */
export function permutePlanes(mem: TypedArray, src: number, N: number, O: number, L: number, dst: number, sN: number, sO: number, sL: number): void {
  for (let n = 0, from = src; n < N; n++) {
    for (let o = 0; o < O; o++, from += L) {
      const to = dst + n * sN + o * sO;
      if (sL === 1) mem.copyWithin(to, from, from + L);
      else for (let l = 0; l < L; l++) mem[to + l * sL] = mem[from + l];
    }
  }
}

/** KernelSet.columnsToPlanes: a transposition of each image's [L, O] block, bias added. */
export function columnsToPlanes(mem: TypedArray, src: number, rowStride: number, N: number, O: number, L: number, bias: number, dst: number): void {
  for (let n = 0, at = dst; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const b = bias < 0 ? 0 : mem[bias + o];
      for (let l = 0, p = src + n * L * rowStride + o; l < L; l++, p += rowStride) mem[at++] = mem[p] + b;
    }
  }
}

/** Windows of up to this many values get a copier with every value's offset written out; larger ones loop per kernel row. */
const MAX_UNROLLED = 1024;

type WindowCopy = (src: TypedArray, base: number, mem: TypedArray, at: number, N: number, image: number,
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
function windowCopier(win: ImageWindows, layout: Layout): WindowCopy {
  const { C, kh, kw, dh, dw, plane, Wp } = win;
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
      if (!layout.add) for (let k = from.length; k < layout.rowLength; k++) lines.push(`mem[t + ${k}] = 0;`);
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

type RowCopier = (src: TypedArray, base: number, rows: TypedArray, win: ImageWindows, rowPad: number, start: number) => void;
const copiers = new Map<string, RowCopier>();

/**
 * The general loop (windows of more than MAX_UNROLLED values) over every (window, kernel row)
 * pair, compiled for one window width and dilation with the kw elements of a window row written
 * out one by one: V8 then keeps the whole loop in registers (2x the generic loop, whose inner
 * loop runs 3 or 5 times). `gather` copies the image into the rows (im2col) and zeros each row's
 * padding; otherwise the rows are added back onto the image (col2im, the adjoint). Rows start at
 * `start`, K + rowPad apart.
 */
function rowCopier(kw: number, dw: number, gather: boolean): RowCopier {
  const key = `${kw},${dw},${gather}`;
  let f = copiers.get(key);
  if (!f) {
    const one = (j: number) => (gather ? `rows[r + ${j}] = src[at + ${j * dw}];` : `src[at + ${j * dw}] += rows[r + ${j}];`);
    const body = Array.from({ length: kw }, (_, j) => one(j)).join(' ');
    f = new Function('src', 'base', 'rows', 'win', 'rowPad', 'start', `
      const { N, C, kh, oh, ow, plane, Wp, sy, sx, dh } = win;
      let r = start | 0;
      rowPad = rowPad | 0;
      for (let n = 0; n < N; n++) {
        for (let oy = 0; oy < oh; oy++) {
          for (let ox = 0; ox < ow; ox++) {
            const corner = base + n * C * plane + oy * sy * Wp + ox * sx;
            for (let c = 0; c < C; c++) {
              for (let i = 0, at = corner + c * plane; i < kh; i++, at += dh * Wp, r += ${kw}) { ${body} }
            }
            ${gather ? 'for (let z = 0; z < rowPad; z++) rows[r + z] = 0;' : ''}
            r += rowPad;
          }
        }
      }`) as RowCopier;
    copiers.set(key, f);
  }
  return f;
}
