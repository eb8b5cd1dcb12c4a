import { makeView } from './view.js';
import type { Node } from '../autograd/tape/node.js';
import { allocate, isFloat, type DType } from './dtype.js';
import { copyInto, type Arr } from './elementwise.js';
import { isRowMajor, rowMajorStrides, shapeStr } from './shape.js';
import { formatTensor } from './format.js';
import { checkFlag } from './options.js';
import { tensorBrand } from './brand.js';
import { tensorToJSON, type TensorJSON } from './json.js';

export type Scalar = number;

/**
 * @internal Told when item() or toArray() reads a tensor's values: exportOnnx sets it while it
 * runs the function (io/onnx/trace.ts), so a value read on the way to the result is reported.
 */
export const valueReads = { hook: null as ((t: Tensor, how: string) => void) | null };
export type TensorLike = Tensor | number;

/**
 * An n-dimensional array on an ndarray view, with an optional link (`node`) to the op that made
 * it. Tensors are garbage collected like any JS object: there is nothing to dispose.
 */
export class Tensor {
  /** The gradient accumulated by backward() (leaves, and tensors that called retainGrad()). */
  grad: Tensor | null = null;
  /** The recorded op that produced this tensor; null for leaves and untracked tensors. */
  node: Node<any> | null = null;
  /** @internal whether backward() stores a gradient on this non-leaf tensor. */
  retainsGrad = false;
  private _requiresGrad = false;

  /** Wraps an ndarray view; most code creates tensors with tensor(), zeros(), randn(), ... */
  constructor(readonly data: Arr, readonly dtype: DType, requiresGrad = false) {
    if (requiresGrad) this.requiresGrad = true;
  }

  /**
   * Whether ops on this tensor are recorded for backward(). Only float tensors can require
   * gradients, and a non-leaf cannot be switched off (use detach()).
   */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }
  set requiresGrad(flag: boolean) {
    checkFlag('requiresGrad', 'flag', flag);
    if (flag && !isFloat(this.dtype)) {
      throw new TypeError(`requiresGrad: ${this.dtype} tensors cannot require gradients (only float32/float64)`);
    }
    if (!flag && this.node) throw new Error('requiresGrad: cannot turn off gradients of a non-leaf tensor; use detach()');
    this._requiresGrad = flag;
  }
  /** Sets requiresGrad in place and returns this tensor (PyTorch's requires_grad_). */
  requiresGrad_(flag = true): this {
    this.requiresGrad = flag;
    return this;
  }

  /** The size of each dim ([] for a 0-d tensor). */
  get shape(): number[] { return this.data.shape; }
  /** The number of dims. */
  get ndim(): number { return this.data.shape.length; }
  /** The number of elements (the product of the shape). */
  get size(): number { return this.data.size; }
  /** True for tensors no recorded op produced: user-created tensors, parameters, detached results and results computed under noGrad. */
  get isLeaf(): boolean { return this.node === null; }

  /** Nested JS arrays (a number for a 0-d tensor). */
  toArray(): any {
    if (valueReads.hook) valueReads.hook(this, 'toArray()');
    const flat = this.contiguousData();
    const build = (dim: number, offset: number): any => {
      if (dim === this.ndim) return flat[offset];
      const n = this.shape[dim];
      const step = this.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
      const out = new Array(n);
      for (let i = 0; i < n; i++) out[i] = build(dim + 1, offset + i * step);
      return out;
    };
    return build(0, 0);
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item: tensor of shape ${shapeStr(this.shape)} has ${this.size} elements, not 1`);
    if (valueReads.hook) valueReads.hook(this, 'item()');
    return this.data.data[this.data.offset];
  }

  /** The elements in row-major order; the storage itself when it is already laid out so. */
  contiguousData(): Arr['data'] {
    const d = this.data;
    if (isRowMajor(d.shape, d.stride) && d.offset === 0 && d.data.length === d.size) return d.data;
    const out = allocate(this.dtype, d.size);
    copyInto(out, d);
    return out;
  }

  /** A printable summary of dtype, shape and values (what console.log shows). */
  toString(): string { return formatTensor(this); }
  /**
   * The documented JSON form `{ dtype, shape, data }` (flat row-major data; NaN and ±Infinity as
   * strings), which `fromJSON` reads back exactly. `JSON.stringify` calls it, so a tensor (or a
   * state dict of tensors) stringifies to that form.
   */
  toJSON(): TensorJSON { return tensorToJSON(this); }
  /** Node's console.log/util.inspect hook, by its registered symbol so no `node:util` import is needed. */
  [Symbol.for('nodejs.util.inspect.custom')](): string { return formatTensor(this); }

  // ----- autograd (backward() is installed by autograd/tape/backward.ts) -----
  /** Keeps this non-leaf tensor's gradient in `.grad` after backward(). */
  retainGrad(): this { this.retainsGrad = true; return this; }
  /** Clears `.grad` (sets it to null), so the next backward() starts from zero. */
  zeroGrad(): void { this.grad = null; }
  /** The same values, cut from the graph. */
  detach(): Tensor { return new Tensor(this.data, this.dtype, false); }
  /** Alias of detach: gradients do not flow through the result. */
  stopGradient(): Tensor { return this.detach(); }

  // The op methods (add, sum, reshape, to, ...) are installed from the op table by ops/methods.ts.
}

/**
 * @internal The value of a one-element tensor, for a check that only throws (a loss validating its
 * labels): unlike item(), not reported to exportOnnx, since no result depends on it.
 */
export function checkValue(t: Tensor): number {
  const prev = valueReads.hook;
  valueReads.hook = null;
  try {
    return t.item();
  } finally {
    valueReads.hook = prev;
  }
}

(Tensor.prototype as unknown as Record<symbol, boolean>)[tensorBrand] = true;

/** Wraps a row-major typed array of the given shape. */
export function fromStorage(storage: Arr['data'], shape: readonly number[], dtype: DType, requiresGrad = false): Tensor {
  return new Tensor(makeView(storage, [...shape], rowMajorStrides(shape), 0), dtype, requiresGrad);
}
