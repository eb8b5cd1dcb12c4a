/**
 * exportOnnx: runs a function on example inputs with the trace on and lowers every op it ran to
 * ONNX (see lowering.ts), named scopes (losses) becoming model-local functions.
 */
import { Tensor } from '../../tensor/tensor.js';
import { concat, slice } from '../../ops/api.js';
import { noGrad, type ScopeFrame } from '../../autograd/state.js';
import type { DType } from '../../tensor/dtype.js';
import { shapeStr } from '../../tensor/shape.js';
import { lowerings, toElem, type LowerContext, type LoweringEntry } from './lowering.js';
import { encodeModel, type AttrValue, type OnnxDType, type OnnxFunction, type OnnxNode, type OnnxTensor, type ValueInfo } from './model.js';
import { trace, type Source, type Trace } from './trace.js';
import { buildFunctions, type Placed } from './functions.js';

export interface ExportOnnxOptions {
  /** Named leaves (e.g. `model.namedParameters()`): they become initializers under these names. */
  params?: Iterable<readonly [string, Tensor]> | Record<string, Tensor>;
  /** Graph input names, one per example input (default input0, input1, ...). */
  inputNames?: readonly string[];
  /** Graph output names, one per output of f (default output0, ...). */
  outputNames?: readonly string[];
  /** The ai.onnx opset, 18 (default) to 21. */
  opset?: number;
  /**
   * The first dim of the first input (of rank ≥ 1), and of every input whose first dim has the
   * same size, is symbolic ('batch'); sizes that grow with it are computed at run time. Default true.
   */
  dynamicBatch?: boolean;
  /** Every named scope (each loss) becomes a function in the domain 'tapegrad.losses'. Default true. */
  lossesAsFunctions?: boolean;
  /** Every nn module's forward becomes a function in the domain 'tapegrad.modules'. Default false. */
  modulesAsFunctions?: boolean;
}

export const lossDomain = 'tapegrad.losses';
export const moduleDomain = 'tapegrad.modules';
const optionNames = ['params', 'inputNames', 'outputNames', 'opset', 'dynamicBatch', 'lossesAsFunctions', 'modulesAsFunctions'];
/** Constants with more elements than this become initializers; smaller ones Constant nodes where they are used. */
const inlineLimit = 16;

/**
 * The ONNX model (ModelProto bytes) of `f` at the example inputs: f runs once with every op
 * traced, the params become named initializers, any other tensor f reads becomes a constant.
 * @example
 * const bytes = exportOnnx((x) => model.forward(x), [randn([8, 2])], { params: model.namedParameters() });
 */
export function exportOnnx(
  f: (...inputs: Tensor[]) => Tensor | Tensor[],
  exampleInputs: Tensor | readonly Tensor[],
  opts: ExportOnnxOptions = {},
): Uint8Array {
  const o = checkOptions(f, exampleInputs, opts);
  const a = noGradTrace(f, o.inputs, o.params);
  let b: Trace | null = null, batchA = 0, batchB = 0;
  const first = o.inputs.find((t) => t.ndim > 0);
  if (o.dynamicBatch && first) {
    batchA = first.shape[0];
    batchB = batchA + 1;
    o.batched = o.inputs.map((t) => t.ndim > 0 && t.shape[0] === batchA);
    const grown = noGrad(() => o.inputs.map((t, i) => (o.batched[i] ? concat([t, slice(t, 0, 0, 1)], 0) : t)));
    try {
      b = noGradTrace(f, grown, o.params);
    } catch (err) {
      throw new RangeError(`exportOnnx: dynamicBatch: f fails when the batch grows from ${batchA} to ${batchB} (${(err as Error).message}); export with dynamicBatch: false`);
    }
    compareTraces(a, b);
  }
  checkValueIndependent(f, o, a);
  if (a.outputs.length !== o.outputNames.length && opts.outputNames) {
    throw new RangeError(`exportOnnx: outputNames has ${o.outputNames.length} names, f returned ${a.outputs.length} outputs`);
  }
  const outputNames = opts.outputNames ? o.outputNames : a.outputs.map((_, i) => `output${i}`);
  checkNames('outputNames', outputNames, [...o.inputNames, ...o.params.map(([n]) => n)]);

  const g = new GraphBuilder(o, a, b, batchA, batchB, outputNames);
  g.lower();
  const functions = buildFunctions(g.placed, new Set(outputNames), o.opset);
  const domains = [...new Set(functions.functions.map((fn) => fn.domain))];
  const dynamicDims = (t: Tensor, tb: Tensor | undefined): (number | string | null)[] =>
    t.shape.map((n, d) => (!tb || tb.shape[d] === n ? n : tb.shape[d] - n === 1 && n === batchA ? 'batch' : null));
  const inputs: ValueInfo[] = o.inputs.map((t, i) => ({
    name: o.inputNames[i], dtype: t.dtype, dims: t.shape.map((n, d) => (b && d === 0 && o.batched[i] ? 'batch' : n)),
  }));
  const outputs: ValueInfo[] = a.outputs.map((t, i) => ({ name: outputNames[i], dtype: t.dtype, dims: dynamicDims(t, b?.outputs[i]) }));
  return encodeModel({
    irVersion: o.opset >= 21 ? 10 : o.opset >= 19 ? 9 : 8,
    opsetImports: [['', o.opset], ...domains.map((d) => [d, 1] as const)],
    producerName: 'tapegrad',
    producerVersion: '0.1.0',
    graph: { name: 'tapegrad', nodes: functions.nodes, inputs, outputs, initializers: g.initializers },
    functions: functions.functions,
  });
}

interface Checked {
  inputs: Tensor[];
  inputNames: string[];
  outputNames: string[];
  params: Array<readonly [string, Tensor]>;
  opset: number;
  dynamicBatch: boolean;
  lossesAsFunctions: boolean;
  modulesAsFunctions: boolean;
  /** Per input: whether its first dim is the batch (dynamicBatch). */
  batched: boolean[];
}

function checkOptions(f: unknown, exampleInputs: Tensor | readonly Tensor[], opts: ExportOnnxOptions): Checked {
  if (typeof f !== 'function') throw new TypeError(`exportOnnx: f must be a function, got ${typeof f}`);
  const inputs = exampleInputs instanceof Tensor ? [exampleInputs] : exampleInputs;
  if (!Array.isArray(inputs)) throw new TypeError('exportOnnx: exampleInputs must be a Tensor or an array of Tensors');
  inputs.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`exportOnnx: exampleInputs[${i}] is not a Tensor`);
    const j = inputs.indexOf(t);
    if (j !== i) throw new TypeError(`exportOnnx: exampleInputs[${i}] is the same tensor as exampleInputs[${j}]; pass a clone()`);
  });
  if (typeof opts !== 'object' || opts === null) throw new TypeError('exportOnnx: options must be an object');
  for (const k of Object.keys(opts)) {
    if (!optionNames.includes(k)) throw new TypeError(`exportOnnx: unknown option '${k}' (known: ${optionNames.join(', ')})`);
  }
  const flag = (k: 'dynamicBatch' | 'lossesAsFunctions' | 'modulesAsFunctions', dflt: boolean) => {
    const v = opts[k] ?? dflt;
    if (typeof v !== 'boolean') throw new TypeError(`exportOnnx: ${k} must be true or false, got ${String(v)}`);
    return v;
  };
  const opset = opts.opset ?? 18;
  if (!Number.isInteger(opset) || opset < 18 || opset > 21) throw new RangeError(`exportOnnx: opset ${String(opset)} is not supported (18 to 21)`);
  const params = paramEntries(opts.params);
  const names = new Set<string>();
  params.forEach(([name, t]) => {
    if (typeof name !== 'string' || !name) throw new TypeError(`exportOnnx: params: a name must be a non-empty string, got ${String(name)}`);
    if (!(t instanceof Tensor)) throw new TypeError(`exportOnnx: params: '${name}' is not a Tensor`);
    if (names.has(name)) throw new TypeError(`exportOnnx: params: '${name}' is given twice`);
    if (inputs.includes(t)) throw new TypeError(`exportOnnx: params: '${name}' is also an example input`);
    names.add(name);
  });
  const inputNames = opts.inputNames ? [...opts.inputNames] : inputs.map((_, i) => `input${i}`);
  if (inputNames.length !== inputs.length) {
    throw new RangeError(`exportOnnx: inputNames has ${inputNames.length} names for ${inputs.length} example inputs`);
  }
  checkNames('inputNames', inputNames, [...names]);
  const outputNames = opts.outputNames ? [...opts.outputNames] : [];
  return {
    inputs: [...inputs], inputNames, outputNames, params, opset,
    batched: inputs.map(() => false), dynamicBatch: flag('dynamicBatch', true), lossesAsFunctions: flag('lossesAsFunctions', true), modulesAsFunctions: flag('modulesAsFunctions', false),
  };
}

function paramEntries(p: ExportOnnxOptions['params']): Array<readonly [string, Tensor]> {
  if (p === undefined) return [];
  if (typeof p !== 'object' || p === null) throw new TypeError('exportOnnx: params must be [name, Tensor] pairs (namedParameters()) or a { name: Tensor } object');
  if (Symbol.iterator in p) {
    return [...(p as Iterable<readonly [string, Tensor]>)].map((e, i) => {
      if (!Array.isArray(e) || e.length !== 2) throw new TypeError(`exportOnnx: params entry ${i} is not a [name, Tensor] pair`);
      return e;
    });
  }
  return Object.entries(p as Record<string, Tensor>);
}

function checkNames(what: string, names: readonly string[], taken: readonly string[]): void {
  const seen = new Set(taken);
  for (const n of names) {
    if (typeof n !== 'string' || !n) throw new TypeError(`exportOnnx: ${what}: names must be non-empty strings, got ${String(n)}`);
    if (seen.has(n)) throw new TypeError(`exportOnnx: ${what}: '${n}' is used twice (inputs, outputs and params share one namespace)`);
    seen.add(n);
  }
}

/** A trace under noGrad: the export needs values only, so the tape builds nothing. */
const noGradTrace = (f: (...x: Tensor[]) => unknown, inputs: readonly Tensor[], params: Checked['params']) =>
  noGrad(() => trace(f, inputs, params));

const where = (frames: readonly ScopeFrame[]) => (frames.length ? ` (in ${frames.map((s) => s.name).join('/')})` : '');

/** The two traces (batch N and N + 1) must run the same ops on the same kinds of inputs. */
function compareTraces(a: Trace, b: Trace): void {
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
function checkValueIndependent(f: (...x: Tensor[]) => unknown, o: Checked, a: Trace): void {
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

/** Lowers the traced ops to placed nodes (a node and the scope frames it belongs to). */
class GraphBuilder {
  readonly placed: Placed[] = [];
  readonly initializers: OnnxTensor[] = [];
  private names: string[] = [];
  private counter = 0;
  private constNames = new Map<Tensor['data'], string>();
  private batchValue: string | null = null;
  private frames: readonly ScopeFrame[] = [];

  constructor(
    private o: Checked,
    private a: Trace,
    private b: Trace | null,
    private batchA: number,
    private batchB: number,
    private outputNames: readonly string[],
  ) {}

  lower(): void {
    for (const [name, t] of this.o.params) {
      if (this.a.sources.some((s) => s.some((x) => x.kind === 'param' && x.name === name)) || this.a.outputSources.some((x) => x.kind === 'param' && x.name === name)) {
        this.initializers.push(toOnnxTensor(t, name));
      }
    }
    const outFor = new Map<number, string>();
    this.a.outputSources.forEach((s, i) => {
      if (s.kind === 'op' && !outFor.has(s.index)) outFor.set(s.index, this.outputNames[i]);
    });
    this.a.ops.forEach((op, i) => {
      this.frames = op.frames.filter((f) => (f.kind === 'module' ? this.o.modulesAsFunctions : this.o.lossesAsFunctions));
      this.names[i] = outFor.get(i) ?? `${op.op}_${i}`;
      this.lowerOp(i);
    });
    this.frames = [];
    this.a.outputSources.forEach((s, i) => {
      const v = this.value(s, -1, 0);
      if (v !== this.outputNames[i]) this.emit({ op: 'Identity', inputs: [v], outputs: [this.outputNames[i]] });
    });
  }

  private lowerOp(i: number): void {
    const op = this.a.ops[i], opB = this.b?.ops[i];
    const entry = (lowerings as Record<string, LoweringEntry>)[op.op];
    const scopeText = where(op.frames);
    if (!entry) throw new TypeError(`exportOnnx: op '${op.op}'${scopeText} has no ONNX lowering (a custom op: ONNX Runtime cannot run its JavaScript)`);
    if (typeof entry !== 'function') throw new TypeError(`exportOnnx: op '${op.op}'${scopeText} does not lower to ONNX: ${entry.unsupported}`);
    const used = new Set<string>();
    const inputValues = op.inputs.map((_, j) => this.value(this.a.sources[i][j], i, j));
    const self = this;
    const ctx: LowerContext = {
      op: op.op,
      params: op.params,
      inputs: inputValues,
      inDtypes: op.inputs.map((t) => t.dtype),
      inShapes: op.inputs.map((t) => t.shape),
      outDtype: op.out.dtype,
      outShape: op.out.shape,
      out: this.names[i],
      node: (type, inputs, attrs = {}, out) => {
        const name = out ?? this.fresh(i);
        this.emit({ op: type, inputs: [...inputs], outputs: [name], attrs });
        return name;
      },
      nodes: (type, inputs, attrs, count) => {
        const outs = [...Array(count)].map(() => this.fresh(i));
        this.emit({ op: type, inputs: [...inputs], outputs: outs, attrs });
        return outs;
      },
      scalar: (v, dtype) => this.constant(scalarTensor(v, dtype), i),
      ints: (values) => this.constant({ dtype: 'int64', dims: [values.length], data: BigInt64Array.from(values, (v) => BigInt(v)) }, i),
      sizes(values, key) {
        used.add(key.startsWith('in') ? '' : key);
        return self.sizes(i, values, key, opB);
      },
      number(key, dtype) {
        used.add(key);
        return self.number(i, key, dtype, opB);
      },
      input: (j, dtype) => (dtype && op.inputs[j].dtype !== dtype ? ctx.cast(inputValues[j], dtype) : inputValues[j]),
      cast: (v, to) => ctx.node('Cast', [v], { to: { i: toElem(to) } }),
    };
    entry(ctx);
    if (opB) {
      for (const k of Object.keys(op.params ?? {})) {
        if (!used.has(k) && JSON.stringify(op.params[k]) !== JSON.stringify(opB.params[k])) {
          throw new RangeError(`exportOnnx: dynamicBatch: '${op.op}'${scopeText} has ${k} = ${JSON.stringify(op.params[k])} at batch ${this.batchA} and ${JSON.stringify(opB.params[k])} at batch ${this.batchB}: export with dynamicBatch: false`);
        }
      }
    }
  }

  private emit(node: OnnxNode): void {
    this.placed.push({ node, frames: this.frames });
  }
  private fresh(i: number): string {
    return `${this.names[i]}_${this.counter++}`;
  }

  /** The value name of an op's input j (op −1: a graph output). */
  private value(s: Source, i: number, j: number): string {
    if (s.kind === 'input') return this.o.inputNames[s.index];
    if (s.kind === 'param') return s.name;
    if (s.kind === 'op') return this.names[s.index];
    const other = i >= 0 ? this.b?.sources[i][j] : undefined;
    const tb = other?.kind === 'const' ? other.tensor : null;
    if (tb && !sameValues(s.tensor, tb)) return this.batchConstant(s.tensor, tb, i);
    return this.constant(toOnnxTensor(s.tensor), i, s.tensor.data);
  }

  /** A Constant node in the current scope, or for a large tensor an initializer (shared by every use). */
  private constant(t: OnnxTensor, i: number, key?: Tensor['data']): string {
    const size = t.dims.reduce((p, n) => p * n, 1);
    if (size > inlineLimit && key) {
      let name = this.constNames.get(key);
      if (!name) {
        name = `const${this.constNames.size}`;
        this.constNames.set(key, name);
        this.initializers.push({ ...t, name });
      }
      return name;
    }
    const name = i >= 0 ? this.fresh(i) : `const_out${this.counter++}`;
    this.emit({ op: 'Constant', inputs: [], outputs: [name], attrs: { value: { t } } });
    return name;
  }

  /** int64 [1]: the batch size, read from the first batched input at run time (once, at the top). */
  private batch(): string {
    if (!this.batchValue) {
      this.batchValue = 'batch_size';
      const input = this.o.inputNames[this.o.batched.indexOf(true)];
      this.placed.unshift({ node: { op: 'Shape', inputs: [input], outputs: [this.batchValue], attrs: { start: { i: 0 }, end: { i: 1 } } }, frames: [] });
    }
    return this.batchValue;
  }

  /** Sizes as an int64 vector, those that grow with the batch as multiples of the run-time batch. */
  private sizes(i: number, values: readonly number[], key: string, opB: Trace['ops'][number] | undefined): string {
    const ints = (v: readonly number[]) => this.constant({ dtype: 'int64', dims: [v.length], data: BigInt64Array.from(v, (x) => BigInt(x)) }, i);
    if (!opB) return ints(values);
    const m = key.match(/^in(\d+):(\d+)$/);
    const raw = m ? opB.inputs[+m[1]].shape[+m[2]] : opB.params[key];
    const other: number[] = Array.isArray(raw) ? raw : [raw];
    const parts: string[] = [];
    let run: number[] = [];
    values.forEach((v, d) => {
      if (v === other[d]) return void run.push(v);
      const times = v / this.batchA;
      if (!Number.isInteger(times) || other[d] !== times * this.batchB) {
        throw new RangeError(`exportOnnx: dynamicBatch: '${this.a.ops[i].op}'${where(this.a.ops[i].frames)} has ${key} ${JSON.stringify(values)} at batch ${this.batchA} and ${JSON.stringify(other)} at batch ${this.batchB}, not a multiple of the batch: export with dynamicBatch: false`);
      }
      if (run.length) parts.push(ints(run));
      run = [];
      parts.push(times === 1 ? this.batch() : this.node(i, 'Mul', [this.batch(), ints([times])]));
    });
    if (run.length) parts.push(ints(run));
    if (parts.length === 1) return parts[0];
    return this.node(i, 'Concat', parts, { axis: { i: 0 } });
  }

  /**
   * A constant that differs between the batch-N and batch-(N+1) traces: a single number k/N
   * (a mean's 1/count) or k·N is rebuilt from the run-time batch; anything else cannot be.
   */
  private batchConstant(ta: Tensor, tb: Tensor, i: number): string {
    const op = this.a.ops[i];
    if (ta.size === 1 && tb.size === 1 && ta.dtype !== 'int32') {
      const v = this.batchNumber(ta.item(), tb.item(), ta.dtype, i);
      if (v) return this.node(i, 'Reshape', [v, this.constant({ dtype: 'int64', dims: [ta.ndim], data: BigInt64Array.from(ta.shape, BigInt) }, i)]);
    }
    throw new RangeError(`exportOnnx: dynamicBatch: a constant of shape ${shapeStr(ta.shape)} read by '${op.op}'${where(op.frames)} changes with the batch size: export with dynamicBatch: false`);
  }

  /** A number that is k/N or k·N in both traces, as a [1] value computed from the run-time batch; null otherwise. */
  private batchNumber(va: number, vb: number, dtype: DType, i: number): string | null {
    const tol = dtype === 'float64' ? 1e-12 : 1e-6;
    const near = (x: number, y: number) => Math.abs(x - y) <= tol * Math.max(Math.abs(x), Math.abs(y));
    const snap = (k: number) => (Math.abs(k - Math.round(k)) <= tol * Math.max(1, Math.abs(k)) ? Math.round(k) : k);
    const [op, k] = near(va * this.batchA, vb * this.batchB) ? ['Div', va * this.batchA] : near(va / this.batchA, vb / this.batchB) ? ['Mul', va / this.batchA] : [null, 0];
    if (!op || dtype === 'int32') return null;
    return this.node(i, op, [this.constant(scalarTensor(snap(k), dtype), i), this.cast(i, this.batch(), dtype)]);
  }

  /** A number param as a 0-d constant of the dtype, rebuilt from the batch when it changes with it. */
  number(i: number, key: string, dtype: DType, opB: Trace['ops'][number] | undefined): string {
    const va = this.a.ops[i].params[key] as number, vb = opB ? (opB.params[key] as number) : va;
    if (Object.is(va, vb)) return this.constant(scalarTensor(va, dtype), i);
    const v = this.batchNumber(va, vb, dtype, i);
    if (!v) {
      throw new RangeError(`exportOnnx: dynamicBatch: '${this.a.ops[i].op}'${where(this.a.ops[i].frames)} has ${key} = ${va} at batch ${this.batchA} and ${vb} at batch ${this.batchB}: export with dynamicBatch: false`);
    }
    return this.node(i, 'Reshape', [v, this.constant({ dtype: 'int64', dims: [0], data: new BigInt64Array(0) }, i)]);
  }

  private node(i: number, type: string, inputs: string[], attrs: Record<string, AttrValue> = {}): string {
    const name = this.fresh(i);
    this.emit({ op: type, inputs, outputs: [name], attrs });
    return name;
  }
  private cast(i: number, v: string, to: OnnxDType): string {
    return this.node(i, 'Cast', [v], { to: { i: toElem(to) } });
  }
}

function sameValues(a: Tensor, b: Tensor): boolean {
  if (a.dtype !== b.dtype || a.ndim !== b.ndim || a.shape.some((n, i) => n !== b.shape[i])) return false;
  const x = a.contiguousData(), y = b.contiguousData();
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

function scalarTensor(v: number, dtype: OnnxDType): OnnxTensor {
  const data = dtype === 'float64' ? Float64Array.of(v) : dtype === 'int32' ? Int32Array.of(v) : dtype === 'int64' ? BigInt64Array.of(BigInt(v)) : Float32Array.of(v);
  return { dtype, dims: [], data };
}

function toOnnxTensor(t: Tensor, name?: string): OnnxTensor {
  const data = t.contiguousData();
  return { name, dtype: t.dtype as DType, dims: t.shape, data: data.length === t.size ? data : data.slice(0, t.size) };
}

export type { OnnxFunction };
