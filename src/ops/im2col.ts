import { allocate, type DType, type TypedArray } from '../tensor/dtype.js';
import { copyInto, type Arr } from '../tensor/elementwise.js';
import { isRowMajor } from '../tensor/shape.js';
import type { ImageWindows } from '../tensor/kernels/types.js';
import { kernel } from '../tensor/kernels/index.js';
import { planesAsPanels } from '../tensor/kernels/js/matmul.js';
import { outSize, type Window } from './window.js';

/**
 * The windows of a conv over x [N, C, H, W] as the window kernels (KernelSet.im2colRows, …) see
 * them: over x copied, zero-bordered, into a staged product's memory (writePadded).
 */
export function imageWindows(shape: readonly number[], w: Window): ImageWindows {
  const [N, C, H, W] = shape as [number, number, number, number], Wp = W + 2 * w.padding[1];
  return {
    N, C, plane: (H + 2 * w.padding[0]) * Wp, Wp, kh: w.kernel[0], kw: w.kernel[1], sy: w.stride[0], sx: w.stride[1],
    dh: w.dilation[0], dw: w.dilation[1], oh: outSize(H, w, 0), ow: outSize(W, w, 1),
  };
}

/** x [N, C, H, W] (any strides) into mem at `at` as row-major [N, C, H + 2·ph, W + 2·pw] with a zero border. */
export function writePadded(x: Arr, w: Window, mem: TypedArray, at: number): void {
  const [N, C, H, W] = x.shape, [ph, pw] = w.padding, Hp = H + 2 * ph, Wp = W + 2 * pw;
  const src = x.data, [sn, sc, sy, sx] = x.stride;
  if (ph === 0 && pw === 0 && isRowMajor(x.shape, x.stride)) { mem.set(src.subarray(x.offset, x.offset + N * C * H * W), at); return; }
  if (ph > 0 || pw > 0) mem.fill(0, at, at + N * C * Hp * Wp);
  for (let n = 0, p = 0; n < N; n++) {
    for (let c = 0; c < C; c++, p++) {
      for (let y = 0; y < H; y++) {
        let from = x.offset + n * sn + c * sc + y * sy, to = at + (p * Hp + y + ph) * Wp + pw;
        if (sx === 1) { mem.set(src.subarray(from, from + W), to); continue; }
        for (let xx = 0; xx < W; xx++, from += sx) mem[to++] = src[from];
      }
    }
  }
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
 * `channelMajor` (the A of conv2dWeightGrad's). g is first copied as it is (one copy when row-major)
 * to mem[scratch…], N·O·L elements that must not overlap `at`'s, and permuted there by the kernel.
 */
export function channelsPerPosition(g: Arr, mem: TypedArray, at: number, channelMajor: boolean, scratch: number): void {
  const [N, O, oh, ow] = g.shape, L = oh * ow;
  copyAsStored(g, mem, scratch);
  if (channelMajor) kernel.permutePlanes(mem, scratch, N, O, L, at, L, N * L, 1);
  else kernel.permutePlanes(mem, scratch, N, O, L, at, L * O, 1, O);
}

/**
 * g [N, O, oh, ow] as a product's B, G [N·L, O] in 4-column panels (value (n·L + l, o) in panel
 * ⌊o/4⌋, lane o mod 4; lanes past O zero), at mem[at…]; mem[scratch…] as for channelsPerPosition.
 */
export function channelPanels(g: Arr, mem: TypedArray, at: number, scratch: number): void {
  const [N, O, oh, ow] = g.shape, L = oh * ow;
  copyAsStored(g, mem, scratch);
  // image n's O planes are adjacent in g, and its positions are rows n·L … of every panel
  for (let n = 0; n < N; n++) planesAsPanels(kernel.permutePlanes, mem, scratch + n * O * L, O, L, at + n * L * 4, N * L * 4);
}

/** x's values in row-major order at mem[at…] (one copy when x already is laid out so). */
function copyAsStored(x: Arr, mem: TypedArray, at: number): void {
  if (isRowMajor(x.shape, x.stride)) mem.set(x.data.subarray(x.offset, x.offset + x.size), at);
  else copyInto(mem.subarray(at, at + x.size), x);
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
