// Shared pieces of the benchmark: workload/library names, the result format, the seeded data
// generator (so every library sees the same numbers) and the timing loop.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest directory above this file whose package.json is tapegrad's. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'tapegrad') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: cannot find the tapegrad repository root');
    dir = up;
  }
}

export const WORKLOADS = ['matmul', 'softmax-ce', 'mlp-step', 'lenet-step', 'transformer-step', 'op-overhead', 'loss-zoo', 'memory'] as const;
export type Workload = (typeof WORKLOADS)[number];
/** Every library of bench/peers/registry.ts; the ratio columns compare `tapegrad` with each other. */
export const LIBRARIES = ['tapegrad', 'tapegrad-tsx', 'tfjs', 'plain', 'tfjs-wasm', 'pytorch'] as const;
export type Library = (typeof LIBRARIES)[number];

export function isWorkload(s: string): s is Workload {
  return (WORKLOADS as readonly string[]).includes(s);
}
export function isLibrary(s: string): s is Library {
  return (LIBRARIES as readonly string[]).includes(s);
}

/** One measured number. `better` says which direction wins (for the ratio column). */
export interface Metric {
  id: string; // e.g. 'matmul 512', 'loss-zoo mse', 'memory heap@100'
  unit: string; // 'GFLOP/s', 'ms', 'steps/s', 'µs/op', 'MB', '%'
  better: 'higher' | 'lower';
  median: number;
  min: number;
  max: number;
  samples: number;
  /** Each round's median, when the run had --rounds > 1 (median is then their median). */
  rounds?: number[];
  note?: string;
}

/** What a worker prints (one line, prefixed by RESULT_MARK) for one (workload, library). */
export interface WorkerResult {
  workload: Workload;
  library: Library;
  metrics: Metric[];
  /** Names that could not run (no such loss in the library, no peer equivalent...), with why. */
  skipped: { id: string; reason: string }[];
  error?: string;
}

export const RESULT_MARK = '@@BENCH_RESULT ';

// ---------------------------------------------------------------------------------------------
// Seeded data: mulberry32 + Box-Muller. Every library converts these Float32Arrays into its own
// tensors, so the numbers are identical across libraries.

export class Rng {
  private s: number;
  private spare: number | null = null;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  uniform(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
  normalArray(n: number, scale = 1): Float32Array {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = this.normal() * scale;
    return a;
  }
  uniformArray(n: number, lo = 0, hi = 1): Float32Array {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * this.uniform();
    return a;
  }
  intArray(n: number, high: number): Int32Array {
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = Math.floor(this.uniform() * high);
    return a;
  }
}

export function oneHotF32(labels: Int32Array, classes: number): Float32Array {
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) out[i * classes + labels[i]!] = 1;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Workload data (identical for all libraries).

export const MATMUL_SIZES = [128, 512] as const;
export function matmulData(n: number): { a: Float32Array; b: Float32Array } {
  const rng = new Rng(1000 + n);
  return { a: rng.normalArray(n * n), b: rng.normalArray(n * n) };
}

export const SOFTMAX_N = 1024;
export const SOFTMAX_C = 1000;
export function softmaxData(): { logits: Float32Array; labels: Int32Array } {
  const rng = new Rng(2024);
  return { logits: rng.normalArray(SOFTMAX_N * SOFTMAX_C, 2), labels: rng.intArray(SOFTMAX_N, SOFTMAX_C) };
}

export const MLP = { batch: 64, inp: 784, hidden: 128, out: 10, lr: 0.01 } as const;
/** The batch sizes the mlp-step workload times (the memory workload uses MLP.batch). */
export const MLP_BATCHES = [64, 16] as const;
export interface MlpData {
  batch: number;
  x: Float32Array; // [batch, inp]
  labels: Int32Array; // [batch]
  w1: Float32Array; // [inp, hidden]
  b1: Float32Array; // [hidden]
  w2: Float32Array; // [hidden, out]
  b2: Float32Array; // [out]
}
export function mlpData(batch: number = MLP.batch): MlpData {
  const rng = new Rng(784128);
  const { inp, hidden, out } = MLP;
  return {
    batch,
    x: rng.uniformArray(batch * inp, 0, 1),
    labels: rng.intArray(batch, out),
    w1: rng.uniformArray(inp * hidden, -1 / Math.sqrt(inp), 1 / Math.sqrt(inp)),
    b1: rng.uniformArray(hidden, -1 / Math.sqrt(inp), 1 / Math.sqrt(inp)),
    w2: rng.uniformArray(hidden * out, -1 / Math.sqrt(hidden), 1 / Math.sqrt(hidden)),
    b2: rng.uniformArray(out, -1 / Math.sqrt(hidden), 1 / Math.sqrt(hidden)),
  };
}

/**
 * LeNet-5 as in issue 21: conv 5×5 1→6, ReLU, max-pool 2, conv 5×5 6→16, ReLU, max-pool 2,
 * 256-120-84-10, cross-entropy, plain SGD, batch 64 of 28×28 (bench/torch_bench.py builds the same).
 */
export const LENET = { batch: 64, side: 28, classes: 10, lr: 0.01 } as const;
export function lenetData(): { x: Float32Array; labels: Int32Array } {
  const rng = new Rng(5);
  return { x: rng.normalArray(LENET.batch * LENET.side * LENET.side), labels: rng.intArray(LENET.batch, LENET.classes) };
}

/**
 * The charlm example's transformer: token + position embeddings (vocab 27, width 32), one pre-norm
 * causal block (4 heads, GELU MLP of 128), LayerNorm, Linear to the vocab, cross-entropy over
 * 16 names of 14 positions, Adam (lr 3e-3).
 */
export const TRANSFORMER = { batch: 16, T: 14, vocab: 27, dim: 32, heads: 4, ff: 128, lr: 3e-3 } as const;
export function transformerData(): { x: Int32Array; y: Int32Array } {
  const rng = new Rng(27);
  const n = TRANSFORMER.batch * TRANSFORMER.T;
  return { x: rng.intArray(n, TRANSFORMER.vocab), y: rng.intArray(n, TRANSFORMER.vocab) };
}

export const OP_CHAIN = { size: 10, ops: 200, mul: 1.0001, add: 0.001 } as const;
export function opChainData(): Float32Array {
  return new Rng(10).normalArray(OP_CHAIN.size, 0.5);
}

// ---------------------------------------------------------------------------------------------
// Timing.

export interface MeasureOptions {
  /** Warm-up time in ms (at least minWarmup calls). */
  warmupMs?: number;
  minWarmup?: number;
  /** Keep sampling until this much time has passed (ms) and at least minSamples were taken. */
  budgetMs?: number;
  minSamples?: number;
  maxSamples?: number;
  /** A sample repeats the call until it lasts at least this long (ms), for very fast calls. */
  minSampleMs?: number;
}

export interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  samples: number;
}

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;
/**
 * What a timed sample is measured with: wall time, or with BENCH_CLOCK=cpu (`npm run bench --
 * --clock=cpu`) the process's CPU time, which leaves out the time another process had the core:
 * on a shared machine it keeps the ratios between libraries honest. (It counts V8's helper
 * threads too, e.g. concurrent GC, which is CPU the library did spend.)
 */
export const CLOCK: 'wall' | 'cpu' = process.env['BENCH_CLOCK'] === 'cpu' ? 'cpu' : 'wall';
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const sampleClock = CLOCK === 'cpu' ? cpuMs : nowMs;

export function forceGc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) g();
}

/** Times `fn` (one call = one unit of work) and returns per-call statistics in ms. */
export function measure(fn: () => void, opts: MeasureOptions = {}): Timing {
  const warmupMs = opts.warmupMs ?? 400;
  const minWarmup = opts.minWarmup ?? 2;
  const budgetMs = opts.budgetMs ?? 2000;
  const minSamples = opts.minSamples ?? 5;
  const maxSamples = opts.maxSamples ?? 200;
  const minSampleMs = opts.minSampleMs ?? 1;

  forceGc();
  let calls = 0;
  const w0 = nowMs();
  while (calls < minWarmup || nowMs() - w0 < warmupMs) {
    fn();
    calls++;
  }
  const perCall = (nowMs() - w0) / calls;
  const reps = Math.max(1, Math.ceil(minSampleMs / Math.max(perCall, 1e-6)));

  forceGc();
  const times: number[] = [];
  const s0 = nowMs();
  while (times.length < minSamples || (nowMs() - s0 < budgetMs && times.length < maxSamples)) {
    const t0 = sampleClock();
    for (let r = 0; r < reps; r++) fn();
    times.push((sampleClock() - t0) / reps);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  const median = times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
  return { medianMs: median, minMs: times[0]!, maxMs: times[times.length - 1]!, samples: times.length };
}

/** Turns a per-call time into a metric, converting with `toUnit` (monotonic, may invert). */
export function metricFrom(
  id: string,
  unit: string,
  better: 'higher' | 'lower',
  t: Timing,
  toUnit: (ms: number) => number,
  note?: string,
): Metric {
  const a = toUnit(t.minMs);
  const b = toUnit(t.maxMs);
  const m: Metric = { id, unit, better, median: toUnit(t.medianMs), min: Math.min(a, b), max: Math.max(a, b), samples: t.samples };
  if (note !== undefined) m.note = note;
  return m;
}

export const msToGflops = (n: number) => (ms: number) => (2 * n * n * n) / (ms * 1e-3) / 1e9;
export const msToPerSecond = (ms: number): number => 1000 / ms;
