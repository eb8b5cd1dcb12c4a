/**
 * The builder interface an op's ONNX lowering is written against (opset 18), and the lowerings
 * several ops share. Each primitive's definition holds its own lowering (`onnx` in defineOp), so
 * a new primitive cannot be forgotten: it either lowers or says why not. Pure functions on
 * `LowerContext`: the ONNX encoder (io/onnx) implements the context and imports this, never the
 * other way round, so a bundle without exportOnnx carries no encoder.
 *
 * Conventions: inputs are cast to the op's output dtype first (tapegrad promotes, ONNX does not);
 * comparisons give bool, cast back to tapegrad's 0/1 mask; int32 indices become int64 where ONNX
 * needs it (GatherElements, ScatterElements) and int64 results become int32. Where ONNX has no
 * operator with tapegrad's numerics (log1p, expm1, softplus, atan2, leakyRelu with a float64
 * slope), the lowering composes it from basic operators in the same stable form, and numbers
 * live in constants of the op's dtype (never in float32 attributes), so float64 stays float64.
 */
import type { DType } from '../tensor/dtype.js';
import type { ReduceParams } from './reduction.js';
import type { Window } from './window.js';

/** The element types an exported graph uses. */
export type OnnxDType = 'float32' | 'float64' | 'int32' | 'int64' | 'bool';
/** A tensor constant or initializer (raw little-endian data). */
export interface OnnxTensor {
  name?: string;
  dtype: OnnxDType;
  dims: readonly number[];
  data: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;
}
/** A node attribute: int, string, ints or tensor (no float attribute: numbers go in constants of the op's dtype). */
export type AttrValue =
  | { i: number | bigint }
  | { s: string }
  | { ints: readonly (number | bigint)[] }
  | { t: OnnxTensor };

/** What a lowering sees of one recorded op, and how it emits ONNX nodes. */
export interface LowerContext<P = any> {
  readonly op: string;
  readonly params: P;
  /** The value names of the op's inputs, and their dtypes and shapes. */
  readonly inputs: readonly string[];
  readonly inDtypes: readonly DType[];
  readonly inShapes: readonly (readonly number[])[];
  readonly outDtype: DType;
  readonly outShape: readonly number[];
  /** The name the op's result must be written to. */
  readonly out: string;
  /** Emits a node; returns the name of its (first) output: `out` when given, a fresh name otherwise. */
  node(op: string, inputs: readonly string[], attrs?: Record<string, AttrValue>, out?: string): string;
  /** Emits a node with `count` outputs, all fresh names. */
  nodes(op: string, inputs: readonly string[], attrs: Record<string, AttrValue>, count: number): string[];
  /** A 0-d constant of the dtype. */
  scalar(value: number, dtype: OnnxDType): string;
  /** A 1-d int64 constant. */
  ints(values: readonly (number | bigint)[]): string;
  /** An int32 constant of the given shape (an index table: Gather and ScatterElements take int32 indices). */
  intTensor(values: readonly number[], dims: readonly number[]): string;
  /**
   * A 1-d int64 tensor of these sizes; `key` names where they come from in the params (or
   * 'in<i>:<dim>' for an input's dim), so a size that grows with the batch is computed at run time.
   */
  sizes(values: readonly number[], key: string): string;
  /** A number in params[key] as a 0-d constant of the dtype (rebuilt from the batch size when it is a mean's 1/N). */
  number(key: string, dtype: DType): string;
  /** Input i cast to `dtype` when it is not already of that type. */
  input(i: number, dtype?: DType): string;
  cast(value: string, to: OnnxDType): string;
}
export type Lowering<P = any> = (c: LowerContext<P>) => void;
export type LoweringEntry<P = any> = Lowering<P> | { unsupported: string };

export const unary = (op: string): Lowering => (c) => void c.node(op, [c.input(0, c.outDtype)], {}, c.out);
/** A binary op of two tensors, or of one tensor and a JS number (params.scalar, the left operand when scalarFirst). */
export const binary = (op: string): Lowering => (c) => {
  const p = c.params as { scalar?: number; scalarFirst?: boolean } | undefined;
  const a = c.input(0, c.outDtype);
  if (typeof p?.scalar !== 'number') return void c.node(op, [a, c.input(1, c.outDtype)], {}, c.out);
  const s = c.number('scalar', c.outDtype);
  c.node(op, p.scalarFirst ? [s, a] : [a, s], {}, c.out);
};
export const compare = (op: string): Lowering => (c) => {
  const mask = c.node(op, [c.input(0, c.outDtype), c.input(1, c.outDtype)]);
  c.node('Cast', [mask], { to: { i: toElem(c.outDtype) } }, c.out);
};
/** Float-only rounding ops leave int32 as it is. */
export const rounding = (op: string): Lowering => (c) =>
  void (c.outDtype === 'int32' ? c.node('Identity', [c.input(0)], {}, c.out) : c.node(op, [c.input(0, c.outDtype)], {}, c.out));
export const reduce = (op: string): Lowering<ReduceParams> => (c) => {
  const { dims, keepdim } = c.params;
  const x = c.input(0, c.outDtype);
  if (dims.length === 0) c.node('Identity', [x], {}, c.out);
  else c.node(op, [x, c.ints(dims)], { keepdims: { i: keepdim ? 1 : 0 } }, c.out);
};

/**
 * ReduceMax/ReduceMin that propagate NaN, as tapegrad and PyTorch do (ONNX Runtime's skip it):
 * NaN where the reduced slice holds one (a ReduceMax of the IsNaN mask), the reduction elsewhere.
 */
export const reduceKeepingNaN = (op: string): Lowering<ReduceParams> => (c) => {
  const { dims, keepdim } = c.params, d = c.outDtype;
  if (dims.length === 0 || d === 'int32') return reduce(op)(c);
  const x = c.input(0, d), attrs = { keepdims: { i: keepdim ? 1 : 0 } };
  const anyNan = c.node('ReduceMax', [c.cast(c.node('IsNaN', [x]), d), c.ints(dims)], attrs);
  c.node('Where', [c.cast(anyNan, 'bool'), c.scalar(NaN, d), c.node(op, [x, c.ints(dims)], attrs)], {}, c.out);
};

/** ConstantOfShape's fill: one 0 of the dtype. */
export const zeroOf = (d: DType): AttrValue => ({ t: { dtype: d, dims: [1], data: new (d === 'float64' ? Float64Array : d === 'int32' ? Int32Array : Float32Array)(1) } });

export const toElem = (d: OnnxDType): number => ({ float32: 1, int32: 6, int64: 7, bool: 9, float64: 11 })[d];

/** log1p(u) = u·log(w)/(w − 1) with w = 1 + u (Goldberg), exact where w rounds to 1: keeps log1p's relative accuracy. */
export function log1p(c: LowerContext, u: string, d: DType): string {
  const w = c.node('Add', [u, c.scalar(1, d)]);
  const one = c.node('Equal', [w, c.scalar(1, d)]);
  const ratio = c.node('Div', [c.node('Mul', [u, c.node('Log', [w])]), c.node('Sub', [w, c.scalar(1, d)])]);
  return c.node('Where', [one, u, ratio]);
}
/** expm1(x) = (u − 1)·x / log u with u = eˣ (Kahan), x itself where u rounds to 1, −1 where u underflows. */
export function expm1(c: LowerContext, x: string, d: DType): string {
  const u = c.node('Exp', [x]);
  const ratio = c.node('Div', [c.node('Mul', [c.node('Sub', [u, c.scalar(1, d)]), x]), c.node('Log', [u])]);
  const small = c.node('Where', [c.node('Equal', [u, c.scalar(1, d)]), x, ratio]);
  return c.node('Where', [c.node('Equal', [u, c.scalar(0, d)]), c.scalar(-1, d), small]);
}
/** log(1 + e^(−|x|)): the shared tail of softplus and logSigmoid. */
export const softTail = (c: LowerContext, x: string, d: DType) => log1p(c, c.node('Exp', [c.node('Neg', [c.node('Abs', [x])])]), d);
export const positive = (c: LowerContext, x: string, d: DType) => c.node('Greater', [x, c.scalar(0, d)]);

/** Per output position l and kernel offset (i, j): the flat index in the padded Hp×Wp plane it reads. */
export function windowPositions(H: number, W: number, w: Window): { Hp: number; Wp: number; L: number; index: number[] } {
  const [kh, kw] = w.kernel, [sy, sx] = w.stride, [dh, dw] = w.dilation, [ph, pw] = w.padding;
  const Hp = H + 2 * ph, Wp = W + 2 * pw;
  const oh = Math.floor((Hp - dh * (kh - 1) - 1) / sy) + 1, ow = Math.floor((Wp - dw * (kw - 1) - 1) / sx) + 1;
  const index: number[] = [];
  for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
    for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) index.push((oy * sy + i * dh) * Wp + ox * sx + j * dw);
  }
  return { Hp, Wp, L: oh * ow, index };
}
/** col2im of columns [N, C·kh·kw, L] into c.out [N, C, H, W]: scatter-add to the positions unfold reads, then drop the padding. */
export function col2im(c: LowerContext<Window & { size: [number, number] }>, columns: string, C: number): void {
  const w = c.params, [H, W] = w.size, K = w.kernel[0] * w.kernel[1];
  const { Hp, Wp, L, index } = windowPositions(H, W, w);
  const cols = c.node('Reshape', [columns, c.ints([0, C, K * L])]);
  const where = c.node('Expand', [c.intTensor(index, [1, 1, K * L]), c.node('Shape', [cols])]);
  const zeros = c.node('ConstantOfShape', [c.node('Concat', [c.node('Shape', [cols], { end: { i: 2 } }), c.ints([Hp * Wp])], { axis: { i: 0 } })], { value: zeroOf(c.outDtype) });
  const sums = c.node('ScatterElements', [zeros, where, cols], { axis: { i: 2 }, reduction: { s: 'add' } });
  const image = c.node('Reshape', [sums, c.ints([0, C, Hp, Wp])]);
  c.node('Slice', [image, c.ints([w.padding[0], w.padding[1]]), c.ints([w.padding[0] + H, w.padding[1] + W]), c.ints([2, 3])], {}, c.out);
}

/**
 * im2col of input 0 as [N, C·kh·kw, L]: zero-pad, flatten each plane, Gather the windows'
 * positions (a constant index): [N, C, kh·kw, L], then merge C and the window.
 */
export function im2col(c: LowerContext<Window>, out?: string): string {
  const [, C, H, W] = c.inShapes[0], w = c.params, K = w.kernel[0] * w.kernel[1];
  const { Hp, Wp, L, index } = windowPositions(H, W, w);
  const padded = c.node('Pad', [c.input(0, c.outDtype), c.ints(spatialPads(w))]);
  const planes = c.node('Reshape', [padded, c.ints([0, C, Hp * Wp])]);
  const picked = c.node('Gather', [planes, c.intTensor(index, [K, L])], { axis: { i: 2 } });
  return c.node('Reshape', [picked, c.ints([0, C * K, L])], {}, out);
}

export const spatialPads = (w: Window) => [0, 0, w.padding[0], w.padding[1], 0, 0, w.padding[0], w.padding[1]];


/**
 * ArgMax/ArgMin, first index on ties (select_last_index 0); dim null: over the flattened input. A
 * NaN wins, as in tapegrad and PyTorch (ONNX Runtime skips it): the first NaN's index where there is one.
 */
export function argExtreme(c: LowerContext<{ dim: number | null; keepdim: boolean }>, op: string): void {
  const { dim, keepdim } = c.params;
  const x = dim === null ? c.node('Reshape', [c.input(0), c.ints([-1])]) : c.input(0);
  const axis = dim ?? 0, keep = dim === null ? 0 : keepdim ? 1 : 0;
  const attrs: Record<string, AttrValue> = { axis: { i: axis }, keepdims: { i: keep }, select_last_index: { i: 0 } };
  let idx = c.node(op, [x], attrs);
  if (c.inDtypes[0] !== 'int32') {
    const nan = c.cast(c.node('IsNaN', [x]), 'int32');
    const anyNan = c.cast(c.node('ReduceMax', [nan, c.ints([axis])], { keepdims: { i: keep } }), 'bool');
    idx = c.node('Where', [anyNan, c.node('ArgMax', [nan], attrs), idx]);
  }
  if (dim === null && keepdim) idx = c.node('Reshape', [idx, c.ints(c.inShapes[0].map(() => 1))]);
  c.node('Cast', [idx], { to: { i: toElem('int32') } }, c.out);
}
