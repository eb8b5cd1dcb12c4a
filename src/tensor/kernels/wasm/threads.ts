import type { TypedArray } from '../../dtype.js';
import { copyRowMajor, packPanels } from '../js/matmul.js';
import type { FloatDType, MatrixView, ReadProduct, StageOperands } from '../types.js';
import { roundUp, wasmApi } from './arena.js';
import { ConstantTable } from './emit.js';
import { kernelModule, type KernelExports } from './module.js';

/**
 * Multi-threaded matmul, off by default: `await setThreads(n)` starts n − 1 workers that share one
 * wasm memory (a SharedArrayBuffer) with the main thread. A large product is split by rows of C:
 * the main thread copies A and packs B into the shared memory once, posts each worker its rows
 * through a control block (Atomics.notify), computes the first rows itself, and waits
 * (Atomics.wait, or a spin on a browser's main thread) for the others. Needs SharedArrayBuffer:
 * Node, or a cross-origin-isolated page.
 */

/**
 * Products below this many multiply-adds (about 160³) stay on one thread. On the 2-core machine
 * this was written on, busy with other jobs, two threads never paid off (0.7–1.15× from 128³ to
 * 512³: no core was free); the split costs one notify and one wait, so on idle cores the
 * crossover should sit near the size where a product takes a few hundred microseconds.
 */
export const THREADED_MIN_MACS = 2 ** 22;

const PAGE = 65536, MAX_PAGES = 16384; // a shared memory needs a maximum: 1 GiB, reserved lazily
const SLOT = 64; // bytes of control block per worker: [state, type, M, panels, K, a, p, c]

interface WorkerHandle { postMessage(m: unknown): void; terminate(): unknown; unref?(): void }
interface SharedMemory { readonly buffer: ArrayBufferLike; grow(pages: number): number }

/** The worker's whole program, as source: instantiate, then run jobs until terminated. */
const WORKER_SOURCE = `
const run = ({ module, memory, slot }, ready) => {
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  const ctl = new Int32Array(memory.buffer, ${ConstantTable.BYTES} + slot * ${SLOT}, ${SLOT / 4});
  ready();
  for (;;) {
    Atomics.wait(ctl, 0, 0);
    const fn = ctl[1] === 0 ? exports.matmul_float32 : exports.matmul_float64;
    fn(ctl[2], ctl[3], ctl[4], ctl[5], ctl[6], ctl[7]);
    Atomics.store(ctl, 0, 0);
    Atomics.notify(ctl, 0);
  }
};
if (typeof require === 'function') {
  const { parentPort } = require('node:worker_threads');
  parentPort.once('message', (m) => run(m, () => parentPort.postMessage('ready')));
} else {
  self.onmessage = (e) => run(e.data, () => self.postMessage('ready'));
}`;

interface Pool {
  workers: WorkerHandle[];
  memory: SharedMemory;
  fns: KernelExports;
  f32: Float32Array;
  f64: Float64Array;
  ctl: Int32Array;
}
let pool: Pool | null = null;

/** Creates a worker running WORKER_SOURCE, resolved once it has instantiated the module. */
async function startWorker(init: unknown): Promise<WorkerHandle> {
  const Web = (globalThis as { Worker?: new (url: string) => WorkerHandle & { onmessage: unknown } }).Worker;
  // In Node a global Worker can be Node's own (Emscripten-built wasm, e.g. onnxruntime-web, installs
  // worker_threads.Worker there), which takes no blob: URL: Node always uses worker_threads below.
  const inNode = typeof process === 'object' && typeof process.versions?.node === 'string';
  if (Web && !inNode) {
    const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    const w = new Web(url);
    await new Promise((resolve) => { w.onmessage = resolve; w.postMessage(init); });
    return w;
  }
  const specifier = 'node:worker_threads'; // a variable, so that browser bundlers leave it alone
  const { Worker } = (await import(specifier)) as { Worker: new (src: string, o: { eval: true }) => WorkerHandle & { once(e: string, f: (m: unknown) => void): void } };
  const w = new Worker(WORKER_SOURCE, { eval: true });
  await new Promise((resolve) => { w.once('message', resolve); w.postMessage(init); });
  w.unref?.(); // an idle pool does not keep the process alive
  return w;
}

/**
 * Uses `n` threads for large matmuls (n − 1 workers beside the calling thread); 1 turns them off.
 * Resolves to the number of threads in use.
 */
export async function setThreads(n: number): Promise<number> {
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new RangeError(`setThreads: n must be an integer in [1, 64], got ${n}`);
  // Calls run one after another in call order, so the last call wins even when none is awaited.
  const run = pending.then(() => applyThreads(n));
  pending = run.catch(() => undefined);
  return run;
}
let pending: Promise<unknown> = Promise.resolve();

async function applyThreads(n: number): Promise<number> {
  const old = pool;
  pool = null;
  for (const w of old?.workers ?? []) await w.terminate();
  if (n === 1) return 1;
  if (typeof SharedArrayBuffer !== 'function' || !wasmApi) {
    throw new Error('setThreads: needs WebAssembly and SharedArrayBuffer (in a browser, a cross-origin-isolated page)');
  }
  const Memory = wasmApi.Memory as unknown as new (d: { initial: number; maximum: number; shared: true }) => SharedMemory;
  const memory = new Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
  const module = new wasmApi.Module(kernelModule({ sharedMaxPages: MAX_PAGES }));
  const instance = new wasmApi.Instance(module, { env: { memory } });
  const workers = await Promise.all(Array.from({ length: n - 1 }, (_, slot) => startWorker({ module, memory, slot })));
  pool = { workers, memory, fns: instance.exports as KernelExports, f32: new Float32Array(0), f64: new Float64Array(0), ctl: new Int32Array(0) };
  refreshViews(pool);
  return n;
}

/** The number of threads matmul uses (1 when off). */
export const getThreads = (): number => (pool ? pool.workers.length + 1 : 1);

function refreshViews(p: Pool): void {
  p.f32 = new Float32Array(p.memory.buffer);
  p.f64 = new Float64Array(p.memory.buffer);
  p.ctl = new Int32Array(p.memory.buffer, ConstantTable.BYTES, (p.workers.length * SLOT) / 4);
}

/** The pool's kernels when `mem` is a view of its shared memory (a threaded staged product's), else null. */
export const poolKernels = (mem: TypedArray): KernelExports | null => (pool && (mem === pool.f32 || mem === pool.f64) ? pool.fns : null);

/** Makes the shared memory at least `bytes` long; false past its maximum. */
function ensure(p: Pool, bytes: number): boolean {
  if (bytes <= p.memory.buffer.byteLength) return true;
  const pages = Math.ceil(bytes / PAGE) - p.memory.buffer.byteLength / PAGE;
  if (p.memory.buffer.byteLength / PAGE + pages > MAX_PAGES) return false;
  p.memory.grow(pages); // a shared memory grows in place: no ArrayBuffer is detached
  refreshViews(p);
  return true;
}

/** Rows [0, M) of C = A·B split over the pool in multiples of 4 (the kernel's tile height), the calling thread taking the first part. */
function splitRows(p: Pool, wide: boolean, M: number, panels: number, K: number, pa: number, pp: number, pc: number): void {
  const bytes = wide ? 8 : 4, ldc = panels * 4;
  const parts = p.workers.length + 1, share = Math.ceil(M / parts / 4) * 4;
  p.workers.forEach((_, w) => {
    const i0 = Math.min(M, (w + 1) * share), i1 = Math.min(M, (w + 2) * share), s = (w * SLOT) / 4;
    p.ctl.set([wide ? 1 : 0, i1 - i0, panels, K, pa + i0 * K * bytes, pp, pc + i0 * ldc * bytes], s + 1);
    Atomics.store(p.ctl, s, 1);
    Atomics.notify(p.ctl, s);
  });
  p.fns[wide ? 'matmul_float64' : 'matmul_float32'](Math.min(M, share), panels, K, pa, pp, pc);
  p.workers.forEach((_, w) => {
    const s = (w * SLOT) / 4;
    try {
      Atomics.wait(p.ctl, s, 1);
    } catch {
      while (Atomics.load(p.ctl, s) !== 0); // a browser's main thread may not block: spin
    }
  });
}

/** Whether a product of this size runs on the pool: at least THREADED_MIN_MACS and 4 rows per thread. */
const threaded = (p: Pool | null, M: number, N: number, K: number): p is Pool => !!p && M * N * K >= THREADED_MIN_MACS && M >= 4 * (p.workers.length + 1);

/**
 * KernelSet.matmulStaged on the pool (the operands and the caller's scratch in the shared memory,
 * the window kernels run there by the pool's instance); false when it does not apply.
 */
export function threadedStaged(dtype: FloatDType, M: number, N: number, K: number, stage: StageOperands, read: ReadProduct, extra: number): boolean {
  const p = pool;
  if (!threaded(p, M, N, K)) return false;
  const wide = dtype === 'float64', bytes = wide ? 8 : 4, panels = Math.ceil(N / 4), ldc = panels * 4;
  const pa = ConstantTable.BYTES + roundUp(p.workers.length * SLOT, 16), pp = pa + roundUp(M * K * bytes, 16);
  const pc = pp + panels * 4 * K * bytes, ps = pc + M * ldc * bytes;
  if (!ensure(p, ps + roundUp(extra * bytes, 16))) return false;
  const v = wide ? p.f64 : p.f32;
  stage(v, pa / bytes, pp / bytes, ps / bytes);
  splitRows(p, wide, M, panels, K, pa, pp, pc);
  read(v, pc / bytes, ps / bytes);
  return true;
}

/**
 * C = A·B on the pool, for float outputs and products of at least THREADED_MIN_MACS; false when it
 * does not apply (the caller runs the single-threaded kernel).
 */
export function threadedMatmul(M: number, N: number, K: number, a: MatrixView, b: MatrixView, out: TypedArray, outOffset: number): boolean {
  const p = pool;
  const wide = out instanceof Float64Array;
  if (!(wide || out instanceof Float32Array) || !threaded(p, M, N, K)) return false;
  const bytes = wide ? 8 : 4, panels = Math.ceil(N / 4), ldc = panels * 4;
  const ctlAt = ConstantTable.BYTES, pa = ctlAt + roundUp(p.workers.length * SLOT, 16), pp = pa + roundUp(M * K * bytes, 16), pc = pp + roundUp(panels * 4 * K * bytes, 16);
  if (!ensure(p, pc + M * ldc * bytes)) return false;
  const v = wide ? p.f64 : p.f32, base = pa / bytes;
  copyRowMajor(a, M, K, v, base);
  packPanels(b.data, b.offset, b.rowStride, b.colStride, K, N, v.subarray(pp / bytes));
  splitRows(p, wide, M, panels, K, pa, pp, pc);
  for (let i = 0; i < M; i++) out.set(v.subarray(pc / bytes + i * ldc, pc / bytes + i * ldc + N), outOffset + i * N);
  return true;
}
