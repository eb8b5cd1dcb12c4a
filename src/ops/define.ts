/**
 * defineOp: one primitive from one definition (ops/types.ts, OpSpec): argument preparation and
 * checks, dtype rule, forward kernel, VJP, its one-line rule and its ONNX lowering. It registers
 * the primitive with the tape and returns the public function; the table (ops/table.ts) lists
 * the results, and the Tensor methods are installed from it (ops/methods.ts).
 */
import { apply as applyByName, record, register } from '../autograd/tape/apply.js';
import type { Tensor } from '../tensor/tensor.js';
import type { OpName, ParamsOf } from './table.js';
import type { OpSpec, Primitive, PrimitiveDef, Run } from './types.js';

/** Defines primitive `name` (see OpSpec) and returns its public function (`run(inputs, params)` without an `api`). */
export function defineOp<P = void>(name: string, spec: OpSpec<P, never> & { readonly api?: undefined }): Primitive<P, Run<P>>;
/** Defines primitive `name` (see OpSpec) and returns its public function, the one `api` makes. */
export function defineOp<P = void, F = unknown>(name: string, spec: OpSpec<P, F>): Primitive<P, F>;
export function defineOp<P, F>(name: string, spec: OpSpec<P, F>): Primitive<P, F> {
  // One object shape for every built-in: recording reads these fields once per op (monomorphic).
  const def: PrimitiveDef<P> = {
    name,
    rule: spec.rule,
    dtype: spec.dtype,
    broadcast: spec.broadcast === true,
    forward: spec.forward,
    vjp: spec.vjp,
    check: spec.check,
    onnx: spec.onnx,
  };
  register(name, def);
  const op: Run<P> = (inputs, params) => record(name, def, inputs, params);
  const fn = (spec.api ? spec.api(op, name) : op) as Primitive<P, F>;
  Object.defineProperty(fn, 'def', { value: def });
  return fn;
}

/** Runs primitive `name` from the table: how a VJP calls a primitive that has no public function, or whose module would import this one. */
export const applyOp = applyByName as <K extends OpName>(name: K, inputs: Tensor[], params: ParamsOf<K>) => Tensor;
