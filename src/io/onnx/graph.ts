/** Lowers a trace to ONNX nodes placed in their scopes, with the constants and initializers they read. */
import type { Tensor } from '../../tensor/tensor.js';
import type { ScopeFrame } from '../../autograd/tape/state.js';
import type { DType } from '../../tensor/dtype.js';
import { shapeStr } from '../../tensor/shape.js';
import { lowerings, toElem, type LowerContext, type LoweringEntry } from './lowering.js';
import type { AttrValue, OnnxDType, OnnxNode, OnnxTensor } from './model.js';
import type { Source, Trace } from './trace.js';
import type { Placed } from './functions.js';
import type { Checked } from './options.js';
import { sameValues, where } from './checks.js';

/** Constants with more elements than this become initializers; smaller ones Constant nodes where they are used. */
const inlineLimit = 16;
/** Lowers the traced ops to placed nodes (a node and the scope frames it belongs to). */
export class GraphBuilder {
  readonly placed: Placed[] = [];
  readonly initializers: OnnxTensor[] = [];
  private names: string[] = [];
  private counter = 0;
  private constNames = new Map<object, string>();
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
      intTensor: (values, dims) => this.constant({ dtype: 'int32', dims, data: Int32Array.from(values) }, i, values),
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
  private constant(t: OnnxTensor, i: number, key?: object): string {
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

export function scalarTensor(v: number, dtype: OnnxDType): OnnxTensor {
  const data = dtype === 'float64' ? Float64Array.of(v) : dtype === 'int32' ? Int32Array.of(v) : dtype === 'int64' ? BigInt64Array.of(BigInt(v)) : Float32Array.of(v);
  return { dtype, dims: [], data };
}

function toOnnxTensor(t: Tensor, name?: string): OnnxTensor {
  const data = t.contiguousData();
  return { name, dtype: t.dtype as DType, dims: t.shape, data: data.length === t.size ? data : data.slice(0, t.size) };
}
