/**
 * The Tensor methods, installed from the tables: every public primitive (ops/primitives.ts) but
 * those listed in `notMethods`, and the compositions below, become `x.name(...rest)` for
 * `name(x, ...rest)`.
 * Their types come from the same tables (module augmentation of tensor/tensor.ts), so src/tensor
 * imports nothing from ops or autograd, and a new primitive is a method with no line here.
 */
import { Tensor } from '../tensor/tensor.js';
import { isRowMajor } from '../tensor/shape.js';
import type { DType } from '../tensor/dtype.js';
import '../autograd/tape/backward.js';
import * as publicRows from './primitives.js';
import { cast } from './cast.js';
import { expand } from './expand.js';
import { permute } from './permute.js';
import { reshape } from './reshape.js';
import { chunk, repeat, select, split, squeeze, tile, transpose, unsqueeze } from './shape.js';
import { mean, norm, std, variance, type VarOptions } from './statistics.js';
import { sort, topk } from './sorting.js';
import { allclose, isclose } from './closeness.js';

/** Compositions that are methods under their own name, with the same arguments after the tensor. */
const compositions = { mean, transpose, select, squeeze, unsqueeze, norm, std, sort, topk, split, chunk, allclose, isclose };

/**
 * Public primitives that are not methods under their own name: free functions only, as in PyTorch
 * (where's first argument is the condition, concat's a list; scatterAdd and softmaxCrossEntropy
 * read as functions of several tensors), or methods that take their shape as numbers as well as
 * one array (reshape, expand, permute: below).
 */
const notMethods = ['where', 'concat', 'scatterAdd', 'softmaxCrossEntropy', 'reshape', 'expand', 'permute'] as const satisfies readonly (keyof Rows)[];

type Rows = typeof publicRows;
type MethodOf<F> = F extends (x: any, ...rest: infer A) => infer R ? (...rest: A) => R : never;
/** The methods a table of functions gives: each function without its first argument (keys from the table's keys only, so the types stay lazy). */
export type TableMethods<T, Not extends keyof T = never> = { [K in Exclude<keyof T, Not>]: MethodOf<T[K]> };

type Shape = number[] | [readonly number[]];

declare module '../tensor/tensor.js' {
  interface Tensor extends TableMethods<Rows, (typeof notMethods)[number]>, TableMethods<typeof compositions> {
    /** The same elements in a new shape, as numbers or one array; one −1 is inferred. */
    reshape(...shape: Shape): Tensor;
    /** Alias of reshape: a view when this tensor is row-major, a copy otherwise (unlike PyTorch, never an error). */
    view(...shape: Shape): Tensor;
    /** Broadcast to a larger shape as a view (−1 keeps a dim); the gradient sums back. */
    expand(...shape: Shape): Tensor;
    /** The dims reordered: result dim i is dim dims[i] of this tensor. */
    permute(...dims: Shape): Tensor;
    /** PyTorch's Tensor.repeat: tiled reps[i] times along dim i. */
    repeat(...reps: Shape): Tensor;
    /** NumPy's tile: repeat with missing leading repetitions taken as 1. */
    tile(...reps: Shape): Tensor;
    /** The transpose of the last two dims (this tensor itself below 2 dims). */
    readonly T: Tensor;
    /** select(0, i): the i-th row (element of dim 0). */
    index(i: number): Tensor;
    /** All elements as one dim of length size. */
    flatten(): Tensor;
    /** Variance with PyTorch's correction semantics (default correction 1). */
    var(dim?: number | readonly number[], opts?: VarOptions): Tensor;
    /** A copy converted to dtype, or this tensor when it already has it. float → int32 truncates toward zero; NaN, ±Infinity or out-of-range values throw. */
    to(dtype: DType): Tensor;
    /** A copy with its own storage; gradients flow back through it (torch.clone). */
    clone(): Tensor;
    /** A row-major copy when this is a strided view; this tensor otherwise. */
    contiguous(): Tensor;
  }
}

const flat = (args: Shape): number[] => (Array.isArray(args[0]) ? [...(args[0] as readonly number[])] : (args as number[]));

/**
 * x.name(a, b, c, d) calls fn(x, a, b, c, d): a fixed arity (no rest array). Each wrapper is its
 * own function literal (new Function): closures of one literal share their call-site feedback, so
 * sixty methods made in a loop would make the inner call megamorphic and never inline it.
 */
function install(name: string, fn: (...args: any[]) => unknown): void {
  const wrapper = new Function('fn', `return function ${name}(a, b, c, d) { return fn(this, a, b, c, d); };`)(fn);
  Object.defineProperty(Tensor.prototype, name, { value: wrapper, writable: true, configurable: true });
}

for (const [name, fn] of Object.entries(publicRows)) if (!(notMethods as readonly string[]).includes(name)) install(name, fn);
for (const [name, fn] of Object.entries(compositions)) install(name, fn);

const methods: Partial<Record<keyof Tensor, (this: Tensor, ...args: any[]) => unknown>> = {
  reshape(...shape: Shape) { return reshape(this, flat(shape)); },
  view(...shape: Shape) { return reshape(this, flat(shape)); },
  expand(...shape: Shape) { return expand(this, flat(shape)); },
  permute(...dims: Shape) { return permute(this, flat(dims)); },
  repeat(...reps: Shape) { return repeat(this, flat(reps)); },
  tile(...reps: Shape) { return tile(this, flat(reps)); },
  index(i: number) { return select(this, 0, i); },
  flatten() { return reshape(this, [this.size]); },
  var(dim?: number | readonly number[], opts?: VarOptions) { return variance(this, dim, opts); },
  to(dtype: DType) { return cast(this, dtype); },
  clone() { return cast(this, this.dtype, true); },
  contiguous() { return isRowMajor(this.shape, this.data.stride) ? this : cast(this, this.dtype, true); },
};
for (const [name, fn] of Object.entries(methods)) Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true });
Object.defineProperty(Tensor.prototype, 'T', { get(this: Tensor) { return transpose(this, -2, -1); }, configurable: true });
