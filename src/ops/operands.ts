/**
 * How the public op functions take their arguments: a JS number where a tensor is expected
 * becomes a 0-d tensor of the other operand's dtype (scalarLike), anything else is an error
 * naming the op. The `*Api` helpers are the `api` of the many ops that need nothing more.
 */
import { scalarLike, tensorArg } from '../tensor/create.js';
import { normalizeDim, normalizeDims } from '../tensor/shape.js';
import { describe } from '../tensor/validate.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import type { ScalarParams } from './scalar.js';
import type { ReduceParams } from './reduction.js';
import type { Run } from './types.js';
import { checkFlag } from '../tensor/options.js';

/** A positional boolean flag (keepdim), checked: an object or a number is not silently truthy. */
export const flag = (op: string, name: string, v: boolean): boolean => (checkFlag(op, name, v), v);

function toNumber(op: string, v: unknown): number {
  if (typeof v !== 'number') throw new TypeError(`${op}: expected a Tensor or a number, got ${describe(v)}`);
  return v;
}

/** v as a tensor: a number becomes a float32 0-d tensor. */
export function asTensor(op: string, v: TensorLike): Tensor {
  return v instanceof Tensor ? v : scalarLike(toNumber(op, v), 'float32');
}

/** Two operands as tensors: a number takes the dtype of the tensor beside it (float32 when both are numbers). */
export function pair(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (a instanceof Tensor) return [a, b instanceof Tensor ? b : scalarLike(toNumber(op, b), a.dtype)];
  if (b instanceof Tensor) return [scalarLike(toNumber(op, a), b.dtype), b];
  return [scalarLike(toNumber(op, a), 'float32'), scalarLike(toNumber(op, b), 'float32')];
}

/** The api of a unary op without params: f(x), x a tensor or a number. */
export const unaryApi = (op: Run<void>, name: string) => (x: TensorLike): Tensor => op([asTensor(name, x)], undefined);

/** The api of a binary op without params: f(a, b), either a number (see pair). */
export const pairApi = (op: Run<void>, name: string) => (a: TensorLike, b: TensorLike): Tensor => op(pair(name, a, b), undefined);

/** The api of add, sub, mul, div, pow: a JS number operand is a param (ops/scalar.ts), not a tensor. */
export const scalarApi = (op: Run<ScalarParams>, name: string) => (a: TensorLike, b: TensorLike): Tensor => {
  if (typeof b === 'number' && a instanceof Tensor) return op([a], { scalar: b, scalarFirst: false });
  if (typeof a === 'number' && b instanceof Tensor) return op([b], { scalar: a, scalarFirst: true });
  return op(pair(name, a, b), undefined);
};

/** The api of a reduction: f(x, dim?, keepdim = false), dim one or several (all when omitted). */
export const reduceApi = (op: Run<ReduceParams>, name: string) => (x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor =>
  op([tensorArg(name, x)], { dims: normalizeDims(name, dim, x.ndim), keepdim: flag(name, 'keepdim', keepdim) });

/** The api of an op along one dim: f(x, dim = -1). */
export const dimApi = (op: Run<{ dim: number }>, name: string) => (x: Tensor, dim = -1): Tensor =>
  op([tensorArg(name, x)], { dim: normalizeDim(name, dim, x.ndim) });

/** A dim of x; a 0-d tensor accepts 0 and −1 (PyTorch wraps dims of a scalar as if it had one). */
export const dimOf = (op: string, dim: number, x: Tensor): number => normalizeDim(op, dim, Math.max(x.ndim, 1));
