/**
 * How each primitive becomes ONNX operators (opset 18). One typed table over every primitive, so a
 * new primitive cannot be forgotten: it either lowers or says why not.
 *
 * Conventions: inputs are cast to the op's output dtype first (tapegrad promotes, ONNX does not);
 * comparisons give bool, cast back to tapegrad's 0/1 mask; int32 indices become int64 where ONNX
 * needs it (GatherElements, ScatterElements) and int64 results become int32. Where ONNX has no
 * operator with tapegrad's numerics (log1p, expm1, softplus, atan2, leakyRelu with a float64
 * slope), the lowering composes it from basic operators in the same stable form, and numbers
 * live in constants of the op's dtype (never in float32 attributes), so float64 stays float64.
 */
import type { DType } from '../../tensor/dtype.js';
import type { OpName, ParamsOf } from '../../ops/table.js';
import type { ReduceParams } from '../../ops/reduction.js';
import type { Window } from '../../ops/window.js';
import type { AttrValue, OnnxDType } from './model.js';

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

const unary = (op: string): Lowering => (c) => void c.node(op, [c.input(0, c.outDtype)], {}, c.out);
/** A binary op of two tensors, or of one tensor and a JS number (params.scalar, the left operand when scalarFirst). */
const binary = (op: string): Lowering => (c) => {
  const p = c.params as { scalar?: number; scalarFirst?: boolean } | undefined;
  const a = c.input(0, c.outDtype);
  if (typeof p?.scalar !== 'number') return void c.node(op, [a, c.input(1, c.outDtype)], {}, c.out);
  const s = c.number('scalar', c.outDtype);
  c.node(op, p.scalarFirst ? [s, a] : [a, s], {}, c.out);
};
const compare = (op: string): Lowering => (c) => {
  const mask = c.node(op, [c.input(0, c.outDtype), c.input(1, c.outDtype)]);
  c.node('Cast', [mask], { to: { i: toElem(c.outDtype) } }, c.out);
};
/** Float-only rounding ops leave int32 as it is. */
const rounding = (op: string): Lowering => (c) =>
  void (c.outDtype === 'int32' ? c.node('Identity', [c.input(0)], {}, c.out) : c.node(op, [c.input(0, c.outDtype)], {}, c.out));
const reduce = (op: string): Lowering<ReduceParams> => (c) => {
  const { dims, keepdim } = c.params;
  const x = c.input(0, c.outDtype);
  if (dims.length === 0) c.node('Identity', [x], {}, c.out);
  else c.node(op, [x, c.ints(dims)], { keepdims: { i: keepdim ? 1 : 0 } }, c.out);
};

/**
 * ReduceMax/ReduceMin that propagate NaN, as tapegrad and PyTorch do (ONNX Runtime's skip it):
 * NaN where the reduced slice holds one (a ReduceMax of the IsNaN mask), the reduction elsewhere.
 */
const reduceKeepingNaN = (op: string): Lowering<ReduceParams> => (c) => {
  const { dims, keepdim } = c.params, d = c.outDtype;
  if (dims.length === 0 || d === 'int32') return reduce(op)(c);
  const x = c.input(0, d), attrs = { keepdims: { i: keepdim ? 1 : 0 } };
  const anyNan = c.node('ReduceMax', [c.cast(c.node('IsNaN', [x]), d), c.ints(dims)], attrs);
  c.node('Where', [c.cast(anyNan, 'bool'), c.scalar(NaN, d), c.node(op, [x, c.ints(dims)], attrs)], {}, c.out);
};

/** ConstantOfShape's fill: one 0 of the dtype. */
const zeroOf = (d: DType): AttrValue => ({ t: { dtype: d, dims: [1], data: new (d === 'float64' ? Float64Array : d === 'int32' ? Int32Array : Float32Array)(1) } });

export const toElem = (d: OnnxDType): number => ({ float32: 1, int32: 6, int64: 7, bool: 9, float64: 11 })[d];

/** log1p(u) = u·log(w)/(w − 1) with w = 1 + u (Goldberg), exact where w rounds to 1: keeps log1p's relative accuracy. */
function log1p(c: LowerContext, u: string, d: DType): string {
  const w = c.node('Add', [u, c.scalar(1, d)]);
  const one = c.node('Equal', [w, c.scalar(1, d)]);
  const ratio = c.node('Div', [c.node('Mul', [u, c.node('Log', [w])]), c.node('Sub', [w, c.scalar(1, d)])]);
  return c.node('Where', [one, u, ratio]);
}
/** expm1(x) = (u − 1)·x / log u with u = eˣ (Kahan), x itself where u rounds to 1, −1 where u underflows. */
function expm1(c: LowerContext, x: string, d: DType): string {
  const u = c.node('Exp', [x]);
  const ratio = c.node('Div', [c.node('Mul', [c.node('Sub', [u, c.scalar(1, d)]), x]), c.node('Log', [u])]);
  const small = c.node('Where', [c.node('Equal', [u, c.scalar(1, d)]), x, ratio]);
  return c.node('Where', [c.node('Equal', [u, c.scalar(0, d)]), c.scalar(-1, d), small]);
}
/** log(1 + e^(−|x|)): the shared tail of softplus and logSigmoid. */
const softTail = (c: LowerContext, x: string, d: DType) => log1p(c, c.node('Exp', [c.node('Neg', [c.node('Abs', [x])])]), d);
const positive = (c: LowerContext, x: string, d: DType) => c.node('Greater', [x, c.scalar(0, d)]);

/** Per output position l and kernel offset (i, j): the flat index in the padded Hp×Wp plane it reads. */
function windowPositions(H: number, W: number, w: Window): { Hp: number; Wp: number; L: number; index: number[] } {
  const [kh, kw] = w.kernel, [sy, sx] = w.stride, [dh, dw] = w.dilation, [ph, pw] = w.padding;
  const Hp = H + 2 * ph, Wp = W + 2 * pw;
  const oh = Math.floor((Hp - dh * (kh - 1) - 1) / sy) + 1, ow = Math.floor((Wp - dw * (kw - 1) - 1) / sx) + 1;
  const index: number[] = [];
  for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
    for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) index.push((oy * sy + i * dh) * Wp + ox * sx + j * dw);
  }
  return { Hp, Wp, L: oh * ow, index };
}
const spatialPads = (w: Window) => [0, 0, w.padding[0], w.padding[1], 0, 0, w.padding[0], w.padding[1]];

export const lowerings = {
  add: binary('Add'),
  sub: binary('Sub'),
  mul: binary('Mul'),
  div: binary('Div'),
  pow: binary('Pow'),
  maximum: binary('Max'),
  minimum: binary('Min'),
  // x·log y, 0 where x = 0 unless y is NaN.
  xlogy: (c) => {
    const d = c.outDtype, x = c.input(0, d), y = c.input(1, d);
    const zero = c.node('And', [c.node('Equal', [x, c.scalar(0, d)]), c.node('Not', [c.node('IsNaN', [y])])]);
    c.node('Where', [zero, c.scalar(0, d), c.node('Mul', [x, c.node('Log', [y])])], {}, c.out);
  },
  // the condition is tapegrad's 0/1 mask: anything but 0 (NaN included) picks a
  where: (c) => {
    const pick = c.node('Not', [c.node('Equal', [c.input(0), c.scalar(0, c.inDtypes[0])])]);
    c.node('Where', [pick, c.input(1, c.outDtype), c.input(2, c.outDtype)], {}, c.out);
  },
  neg: unary('Neg'),
  exp: unary('Exp'),
  log: unary('Log'),
  log1p: (c) => void c.node('Identity', [log1p(c, c.input(0, c.outDtype), c.outDtype)], {}, c.out),
  expm1: (c) => void c.node('Identity', [expm1(c, c.input(0, c.outDtype), c.outDtype)], {}, c.out),
  sqrt: unary('Sqrt'),
  abs: unary('Abs'),
  square: (c) => {
    const x = c.input(0, c.outDtype);
    c.node('Mul', [x, x], {}, c.out);
  },
  sign: unary('Sign'),
  erf: unary('Erf'),
  sigmoid: unary('Sigmoid'),
  // min(x, 0) − log(1 + e^(−|x|))
  logSigmoid: (c) => {
    const d = c.outDtype, x = c.input(0, d);
    c.node('Sub', [c.node('Min', [x, c.scalar(0, d)]), softTail(c, x, d)], {}, c.out);
  },
  tanh: unary('Tanh'),
  relu: unary('Relu'),
  leakyRelu: (c: LowerContext<ParamsOf<'leakyRelu'>>) => {
    const d = c.outDtype, x = c.input(0, d);
    c.node('Where', [positive(c, x, d), x, c.node('Mul', [x, c.scalar(c.params.slope, d)])], {}, c.out);
  },
  // max(x, 0) + log(1 + e^(−|x|))
  softplus: (c) => {
    const d = c.outDtype, x = c.input(0, d);
    c.node('Add', [c.node('Relu', [x]), softTail(c, x, d)], {}, c.out);
  },
  elu: (c: LowerContext<ParamsOf<'elu'>>) => {
    const d = c.outDtype, x = c.input(0, d);
    c.node('Where', [positive(c, x, d), x, c.node('Mul', [expm1(c, x, d), c.scalar(c.params.alpha, d)])], {}, c.out);
  },
  // x·Φ(x) = x·(1 + erf(x/√2))/2, the exact form
  gelu: (c) => {
    const d = c.outDtype, x = c.input(0, d);
    const phi = c.node('Add', [c.node('Erf', [c.node('Mul', [x, c.scalar(Math.SQRT1_2, d)])]), c.scalar(1, d)]);
    c.node('Mul', [c.node('Mul', [x, phi]), c.scalar(0.5, d)], {}, c.out);
  },
  clamp: (c: LowerContext<ParamsOf<'clamp'>>) => {
    const d = c.outDtype, { min, max } = c.params;
    const bound = (v: number) => (Number.isFinite(v) ? c.scalar(v, d) : '');
    c.node('Clip', [c.input(0, d), bound(min), bound(max)], {}, c.out);
  },
  cast: (c) => void c.node('Cast', [c.input(0)], { to: { i: toElem(c.outDtype) } }, c.out),
  lt: compare('Less'),
  le: compare('LessOrEqual'),
  gt: compare('Greater'),
  ge: compare('GreaterOrEqual'),
  eq: compare('Equal'),
  sum: reduce('ReduceSum'),
  max: reduceKeepingNaN('ReduceMax'),
  min: reduceKeepingNaN('ReduceMin'),
  prod: reduce('ReduceProd'),
  logsumexp: reduce('ReduceLogSumExp'),
  softmax: (c: LowerContext<{ dim: number }>) => void c.node('Softmax', [c.input(0, c.outDtype)], { axis: { i: c.params.dim } }, c.out),
  logSoftmax: (c: LowerContext<{ dim: number }>) => void c.node('LogSoftmax', [c.input(0, c.outDtype)], { axis: { i: c.params.dim } }, c.out),
  // g − p·Σg along dim
  logSoftmaxBackward: (c: LowerContext<{ dim: number }>) => {
    const d = c.outDtype, g = c.input(0, d), p = c.input(1, d);
    const total = c.node('ReduceSum', [g, c.ints([c.params.dim])], { keepdims: { i: 1 } });
    c.node('Sub', [g, c.node('Mul', [p, total])], {}, c.out);
  },
  matmul: binary('MatMul'),
  reshape: (c: LowerContext<ParamsOf<'reshape'>>) =>
    void c.node('Reshape', [c.input(0), c.sizes(c.params.shape, 'shape')], {}, c.out),
  expand: (c: LowerContext<ParamsOf<'expand'>>) =>
    void c.node('Expand', [c.input(0), c.sizes(c.params.shape, 'shape')], {}, c.out),
  permute: (c: LowerContext<ParamsOf<'permute'>>) => void c.node('Transpose', [c.input(0)], { perm: { ints: c.params.dims } }, c.out),
  slice: (c: LowerContext<ParamsOf<'slice'>>) => {
    const { dim, start, end } = c.params;
    c.node('Slice', [c.input(0), c.sizes([start], 'start'), c.sizes([end], 'end'), c.ints([dim])], {}, c.out);
  },
  pad: (c: LowerContext<ParamsOf<'pad'>>) => {
    const { dim, before, after } = c.params, rank = c.inShapes[0].length;
    const pads = [...Array(2 * rank)].map((_, i) => (i === dim ? before : i === rank + dim ? after : 0));
    c.node('Pad', [c.input(0, c.outDtype), c.ints(pads)], {}, c.out);
  },
  concat: (c: LowerContext<ParamsOf<'concat'>>) =>
    void c.node('Concat', c.inputs.map((_, i) => c.input(i, c.outDtype)), { axis: { i: c.params.dim } }, c.out),
  gather: (c: LowerContext<ParamsOf<'gather'>>) =>
    void c.node('GatherElements', [c.input(0), c.cast(c.input(1), 'int64')], { axis: { i: c.params.dim } }, c.out),
  // zeros of the target shape with src added at the indices
  scatterAdd: (c: LowerContext<ParamsOf<'scatterAdd'>>) => {
    const zeros = c.node('ConstantOfShape', [c.sizes(c.params.shape, 'shape')], { value: zeroOf(c.outDtype) });
    c.node('ScatterElements', [zeros, c.cast(c.input(1), 'int64'), c.input(0)], { axis: { i: c.params.dim }, reduction: { s: 'add' } }, c.out);
  },
  sin: unary('Sin'),
  cos: unary('Cos'),
  tan: unary('Tan'),
  atan: unary('Atan'),
  // atan(y/x) moved by ±π (the sign of y, −0 included) where x < 0 or x = −0; at x = y = 0 the signed zeros decide, as Math.atan2
  atan2: (c) => {
    const d = c.outDtype, y = c.input(0, d), x = c.input(1, d);
    const zero = c.scalar(0, d), one = c.scalar(1, d);
    const negative = (v: string) =>
      c.node('Or', [c.node('Less', [v, zero]), c.node('And', [c.node('Equal', [v, zero]), c.node('Less', [c.node('Div', [one, v]), zero])])]);
    const xNeg = negative(x);
    const turn = c.node('Where', [negative(y), c.scalar(-Math.PI, d), c.scalar(Math.PI, d)]);
    const shift = c.node('Where', [xNeg, turn, zero]);
    const general = c.node('Add', [c.node('Atan', [c.node('Div', [y, x])]), shift]);
    const origin = c.node('And', [c.node('Equal', [x, zero]), c.node('Equal', [y, zero])]);
    c.node('Where', [origin, c.node('Where', [xNeg, shift, y]), general], {}, c.out);
  },
  floor: rounding('Floor'),
  ceil: rounding('Ceil'),
  round: rounding('Round'),
  cumsum: (c: LowerContext<ParamsOf<'cumsum'>>) =>
    void c.node('CumSum', [c.input(0, c.outDtype), c.ints([c.params.dim])], { reverse: { i: c.params.reverse ? 1 : 0 } }, c.out),
  argmax: (c) => argExtreme(c, 'ArgMax'),
  argmin: (c) => argExtreme(c, 'ArgMin'),
  // TopK over the whole dim, stable (ONNX breaks ties by the lower index, as tapegrad's stable sort);
  // then a second stable TopK on "is NaN" puts the NaNs last (first when descending), as tapegrad does
  argsort: (c: LowerContext<ParamsOf<'argsort'>>) => {
    const { dim, descending } = c.params;
    const k = c.sizes([c.inShapes[0][dim]], `in0:${dim}`);
    const attrs: Record<string, AttrValue> = { axis: { i: dim }, largest: { i: descending ? 1 : 0 }, sorted: { i: 1 } };
    let [, order] = c.nodes('TopK', [c.input(0), k], attrs, 2);
    if (c.inDtypes[0] !== 'int32') {
      const nan = c.cast(c.node('IsNaN', [c.input(0)]), 'int32');
      const [, byNan] = c.nodes('TopK', [c.node('GatherElements', [nan, order], { axis: { i: dim } }), k], attrs, 2);
      order = c.node('GatherElements', [order, byNan], { axis: { i: dim } });
    }
    c.node('Cast', [order], { to: { i: toElem('int32') } }, c.out);
  },
  // per-sample f_c = −logSoftmax(x)_c. Class indices: m·[(1 − α)·w_y·f_y + (α/C)·Σ w_c·f_c], m = [y ≠ ignoreIndex];
  // probabilities: ỹ = (1 − α)·t + α/C, Σ_c w_c·ỹ_c·f_c with a term 0 where ỹ_c = 0 (even at x_c = −∞)
  softmaxCrossEntropy: (c: LowerContext<{ dim: number; ignoreIndex: number; labelSmoothing: number }>) => {
    const d = c.outDtype, { dim, ignoreIndex, labelSmoothing: alpha } = c.params;
    const rank = c.inShapes[0].length, C = c.inShapes[0][dim];
    const f = c.node('Neg', [c.node('LogSoftmax', [c.input(0, d)], { axis: { i: dim } })]);
    const sumDim = (v: string) => c.node('ReduceSum', [v, c.ints([dim])], { keepdims: { i: 0 } });
    const weighted = c.inputs.length > 2;
    const w = weighted ? c.input(2, d) : '';
    const alongDim = (v: string) => (weighted ? c.node('Mul', [v, c.node('Reshape', [w, c.ints([...Array(rank)].map((_, k) => (k === dim ? C : 1)))])]) : v);
    if (c.inDtypes[1] !== 'int32') {
      const t = alpha > 0 ? c.node('Add', [c.node('Mul', [c.input(1, d), c.scalar(1 - alpha, d)]), c.scalar(alpha / C, d)]) : c.input(1, d);
      const terms = c.node('Where', [c.node('Equal', [t, c.scalar(0, d)]), c.scalar(0, d), c.node('Mul', [alongDim(t), f])]);
      return void c.node('Identity', [sumDim(terms)], {}, c.out);
    }
    const keep = c.node('Not', [c.node('Equal', [c.input(1), c.scalar(ignoreIndex, 'int32')])]);
    const y = c.cast(c.node('Where', [keep, c.input(1), c.scalar(0, 'int32')]), 'int64');
    const fy = c.node('Squeeze', [c.node('GatherElements', [f, c.node('Unsqueeze', [y, c.ints([dim])])], { axis: { i: dim } }), c.ints([dim])]);
    let loss = weighted ? c.node('Mul', [fy, c.node('Gather', [w, y])]) : fy;
    if (alpha > 0) {
      loss = c.node('Add', [c.node('Mul', [loss, c.scalar(1 - alpha, d)]), c.node('Mul', [sumDim(alongDim(f)), c.scalar(alpha / C, d)])]);
    }
    c.node('Where', [keep, loss, c.scalar(0, d)], {}, c.out);
  },
  // g·f′(b): tanh 1 − b², sigmoid b(1 − b) (b the op's output), softplus σ(b), gelu Φ(b) + b·φ(b) (b its input)
  unaryBackward: (c: LowerContext<{ of: 'tanh' | 'sigmoid' | 'softplus' | 'gelu' | 'relu' }>) => {
    const d = c.outDtype, g = c.input(0, d), b = c.input(1, d), one = c.scalar(1, d);
    const of = c.params.of;
    const slope = of === 'relu' ? c.cast(c.node('Greater', [b, c.scalar(0, d)]), d)
      : of === 'tanh' ? c.node('Sub', [one, c.node('Mul', [b, b])])
      : of === 'sigmoid' ? c.node('Mul', [b, c.node('Sub', [one, b])])
      : of === 'softplus' ? c.node('Sigmoid', [b])
      : c.node('Add', [
        c.node('Mul', [c.node('Add', [c.node('Erf', [c.node('Mul', [b, c.scalar(Math.SQRT1_2, d)])]), one]), c.scalar(0.5, d)]),
        c.node('Mul', [b, c.node('Mul', [c.node('Exp', [c.node('Mul', [c.node('Mul', [b, b]), c.scalar(-0.5, d)])]), c.scalar(1 / Math.sqrt(2 * Math.PI), d)])]),
      ]);
    c.node('Mul', [g, slope], {}, c.out);
  },
  // im2col: zero-pad, flatten each plane, Gather the windows' positions (a constant index): [N, C, kh·kw, L] → [N, C·kh·kw, L]
  unfold: (c: LowerContext<Window>) => void im2col(c, c.out),
  // the fused conv2d (groups 1) is ONNX's Conv in float32; in float64 (ONNX Runtime's CPU build has
  // no float64 Conv) it is W·im2col(x) + b, as tapegrad computes it
  conv2d: (c: LowerContext<Window>) => {
    const w = c.params, [O, C, kh, kw] = c.inShapes[1], [, , oh, ow] = c.outShape;
    if (c.outDtype === 'float64') {
      const prod = c.node('MatMul', [c.node('Reshape', [c.input(1, c.outDtype), c.ints([O, C * kh * kw])]), im2col(c)]);
      const y = c.inputs.length > 2 ? c.node('Add', [prod, c.node('Reshape', [c.input(2, c.outDtype), c.ints([O, 1])])]) : prod;
      return void c.node('Reshape', [y, c.ints([0, O, oh, ow])], {}, c.out);
    }
    c.node('Conv', c.inputs.map((_, i) => c.input(i, c.outDtype)), {
      kernel_shape: { ints: w.kernel }, strides: { ints: w.stride }, dilations: { ints: w.dilation },
      pads: { ints: [w.padding[0], w.padding[1], w.padding[0], w.padding[1]] }, group: { i: 1 },
    }, c.out);
  },
  // gW = Σₙ g·unfold(x)ᵀ: MatMul of [N, O, L] with [N, L, C·kh·kw], ReduceSum over N
  conv2dWeightGrad: (c: LowerContext<Window>) => {
    const [, C] = c.inShapes[0], [, O, oh, ow] = c.inShapes[1], [kh, kw] = c.params.kernel;
    const cols = c.node('Transpose', [im2col(c)], { perm: { ints: [0, 2, 1] } });
    const g = c.node('Reshape', [c.input(1, c.outDtype), c.ints([0, O, oh * ow])]);
    const sum = c.node('ReduceSum', [c.node('MatMul', [g, cols]), c.ints([0])], { keepdims: { i: 0 } });
    c.node('Reshape', [sum, c.ints([O, C, kh, kw])], {}, c.out);
  },
  // col2im: scatter-add the columns to the positions unfold reads them from, then drop the padding
  fold: (c: LowerContext<Window & { size: [number, number] }>) => col2im(c, c.input(0, c.outDtype), c.inShapes[0][1] / (c.params.kernel[0] * c.params.kernel[1])),
  // fold(Wᵀ·g): MatMul of Wᵀ [C·kh·kw, O] with g [N, O, L], then col2im
  conv2dInputGrad: (c: LowerContext<Window & { size: [number, number] }>) => {
    const [, O, oh, ow] = c.inShapes[0], [, C, kh, kw] = c.inShapes[1];
    const wt = c.node('Transpose', [c.node('Reshape', [c.input(1, c.outDtype), c.ints([O, C * kh * kw])])], { perm: { ints: [1, 0] } });
    col2im(c, c.node('MatMul', [wt, c.node('Reshape', [c.input(0, c.outDtype), c.ints([0, O, oh * ow])])]), C);
  },
  // MaxPool's Indices count over the whole NCHW tensor: modulo H·W gives the index within the plane.
  // ONNX Runtime's MaxPool skips NaN, tapegrad's window picks its first NaN: a second MaxPool over
  // the IsNaN mask finds that NaN (the first maximum of the mask), used where the window has one.
  maxPoolIndices: (c: LowerContext<Window>) => {
    const [, C, H, W] = c.inShapes[0], w = c.params, x = c.input(0), d = c.inDtypes[0]!;
    const attrs = {
      kernel_shape: { ints: w.kernel }, strides: { ints: w.stride }, dilations: { ints: w.dilation },
      pads: { ints: [w.padding[0], w.padding[1], w.padding[0], w.padding[1]] },
    };
    let [, idx] = c.nodes('MaxPool', [x], attrs, 2);
    if (d !== 'int32') {
      const [hasNan, nanIdx] = c.nodes('MaxPool', [c.cast(c.node('IsNaN', [x]), d)], attrs, 2);
      idx = c.node('Where', [c.cast(hasNan!, 'bool'), nanIdx!, idx!]);
    }
    const plane = c.node('Mod', [idx!, c.ints([H * W])]);
    const flat = c.node('Reshape', [plane, c.ints([0, C, -1])]);
    c.node('Cast', [flat], { to: { i: toElem('int32') } }, c.out);
  },

} satisfies Record<OpName, LoweringEntry>;

/** col2im of columns [N, C·kh·kw, L] into c.out [N, C, H, W]: scatter-add to the positions unfold reads, then drop the padding. */
function col2im(c: LowerContext<Window & { size: [number, number] }>, columns: string, C: number): void {
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
function im2col(c: LowerContext<Window>, out?: string): string {
  const [, C, H, W] = c.inShapes[0], w = c.params, K = w.kernel[0] * w.kernel[1];
  const { Hp, Wp, L, index } = windowPositions(H, W, w);
  const padded = c.node('Pad', [c.input(0, c.outDtype), c.ints(spatialPads(w))]);
  const planes = c.node('Reshape', [padded, c.ints([0, C, Hp * Wp])]);
  const picked = c.node('Gather', [planes, c.intTensor(index, [K, L])], { axis: { i: 2 } });
  return c.node('Reshape', [picked, c.ints([0, C * K, L])], {}, out);
}

/**
 * ArgMax/ArgMin, first index on ties (select_last_index 0); dim null: over the flattened input. A
 * NaN wins, as in tapegrad and PyTorch (ONNX Runtime skips it): the first NaN's index where there is one.
 */
function argExtreme(c: LowerContext<{ dim: number | null; keepdim: boolean }>, op: string): void {
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
