/**
 * The extra runs of f that make an export safe: at batch N + 1 (dynamicBatch) and with the rows
 * rotated. They must run the same ops on the same kinds of inputs as the first run.
 */
import type { Tensor } from '../../tensor/tensor.js';
import { concat, slice } from '../../ops/index.js';
import { noGrad, type ScopeFrame } from '../../autograd/tape/state.js';
import { shapeStr } from '../../tensor/shape.js';
import { trace, type Trace, type ValueRead } from './trace.js';
import type { Checked } from './options.js';

export /** A trace under noGrad: the export needs values only, so the tape builds nothing. */
const noGradTrace = (f: (...x: Tensor[]) => unknown, inputs: readonly Tensor[], params: Checked['params']) =>
  noGrad(() => trace(f, inputs, params));

export const where = (frames: readonly ScopeFrame[]) => (frames.length ? ` (in ${frames.map((s) => s.name).join('/')})` : '');

/** The two traces (batch N and N + 1) must run the same ops on the same kinds of inputs. */
export function compareTraces(a: Trace, b: Trace): void {
  const fail = (i: number, what: string) => {
    throw new RangeError(`exportOnnx: dynamicBatch: op ${i} '${a.ops[i]?.op ?? '-'}'${where(a.ops[i]?.frames ?? [])} ${what} when the batch grows by one; the function depends on the batch size in a way ONNX cannot express: export with dynamicBatch: false`);
  };
  if (a.ops.length !== b.ops.length) fail(Math.min(a.ops.length, b.ops.length), `is not the same op (${a.ops.length} vs ${b.ops.length} ops)`);
  a.ops.forEach((op, i) => {
    if (op.op !== b.ops[i].op) fail(i, `becomes '${b.ops[i].op}'`);
    a.sources[i].forEach((s, j) => {
      const t = b.sources[i][j];
      if (s.kind !== t.kind || ('index' in s && 'index' in t && s.index !== t.index) || ('name' in s && 'name' in t && s.name !== t.name)) {
        fail(i, `reads input ${j} from a different place`);
      }
    });
  });
}

/**
 * f once more with the inputs' rows rotated (same shapes, other values): a constant or a param
 * that changes was computed outside the traced ops (oneHot(y), toArray(), item()) or is random
 * (Dropout in training mode), and ops that change follow the values (control flow on item()).
 * Exported, either would keep this example's values, so it is an error instead.
 */
export function checkValueIndependent(f: (...x: Tensor[]) => unknown, o: Checked, a: Trace): void {
  const rotate = o.inputs.map((t) => t.ndim > 0 && t.shape[0] > 1);
  if (!rotate.some(Boolean)) return;
  const rolled = noGrad(() => o.inputs.map((t, i) => (rotate[i] ? concat([slice(t, 0, 1, t.shape[0]), slice(t, 0, 0, 1)], 0) : t)));
  let c: Trace;
  try {
    c = noGradTrace(f, rolled, o.params);
  } catch (err) {
    throw new RangeError(`exportOnnx: f fails on the example inputs with their rows rotated (${(err as Error).message})`);
  }
  const fix = 'compute it with tensor ops from the inputs, and call model.eval() before exporting';
  a.ops.forEach((op, i) => {
    const other = c.ops[i];
    if (!other || other.op !== op.op || c.ops.length !== a.ops.length) {
      throw new RangeError(`exportOnnx: the ops f runs depend on the input values (op ${i} '${op.op}'${where(op.frames)} changes when the inputs' rows are rotated): control flow on values cannot be exported`);
    }
    if (JSON.stringify(op.params) !== JSON.stringify(other.params)) {
      throw new RangeError(`exportOnnx: '${op.op}'${where(op.frames)} has params ${JSON.stringify(op.params)} that depend on the input values (a number read with item()?): ${fix}`);
    }
    a.sources[i].forEach((s, j) => {
      const t = c.sources[i][j];
      if (s.kind === 'const' && (t.kind !== 'const' || !sameValues(s.tensor, t.tensor))) {
        throw new RangeError(`exportOnnx: a constant of shape ${shapeStr(s.tensor.shape)} read by '${op.op}'${where(op.frames)} depends on the input values or is random: it was made outside tapegrad's ops (oneHot(), toArray(), item(), a Dropout mask), so the model would keep this example's values; ${fix}`);
      }
    });
  });
}

export function sameValues(a: Tensor, b: Tensor): boolean {
  if (a.dtype !== b.dtype || a.ndim !== b.ndim || a.shape.some((n, i) => n !== b.shape[i])) return false;
  const x = a.contiguousData(), y = b.contiguousData();
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

/**
 * Warns (once per export, at the first such read) that f read an input-dependent value as a JS
 * number or array: whatever f decided from it (a branch, a loop count, a number) is baked into the
 * model at this example's value. PyTorch's tracer warns the same (TracerWarning). Rotating the
 * rows (checkValueIndependent) catches only decisions that change with the row order.
 */
export function warnValueRead(read: ValueRead): void {
  const what = read.op === 'input' ? 'an input' : `the result of '${read.op}'`;
  console.warn(`exportOnnx: ${read.how} read ${what}${where(read.frames)} during the trace; the model keeps what f computed from that number at this example (a branch, a count, a constant) and will not follow other inputs: use tensor ops (where, maximum, ...) instead`);
}
