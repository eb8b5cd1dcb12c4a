import { ConstantTable } from './emit.js';
import { kernelModule, type KernelExports } from './module.js';

const PAGE = 65536;

/**
 * The slice of the WebAssembly JS API used here, typed locally: the global is in every browser
 * and in Node, but its types come only with the DOM library, which a browser-clean build of a
 * library should not pull in. Undefined where WebAssembly is missing.
 */
interface WasmMemory { readonly buffer: ArrayBuffer }
export interface WasmApi {
  validate(bytes: Uint8Array<ArrayBuffer>): boolean;
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object, imports: { env: { memory: object } }) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
export const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/**
 * The one wasm linear memory every kernel call works in (after the constant table at its start),
 * with a bump allocator that is reset at the start of each call: inputs are copied in, the kernel runs, results are copied out, and the
 * next call reuses the same bytes. When a call needs more than there is, a memory of twice the
 * size (at least what is needed) is made and the compiled module is instantiated on it again;
 * so memory grows only to the largest call seen, never per call. A new memory is used rather than
 * `memory.grow`, because growing detaches the old ArrayBuffer, and one detach anywhere in the
 * process makes V8 add checks to every typed-array access from then on.
 */
export class Arena {
  private readonly module: object;
  fns!: KernelExports;
  f32!: Float32Array;
  f64!: Float64Array;
  i32!: Int32Array;
  private top = 0;

  constructor(bytes: Uint8Array<ArrayBuffer> = kernelModule(), initialBytes = 16 * PAGE) {
    this.module = new wasmApi!.Module(bytes);
    this.instantiate(Math.ceil(initialBytes / PAGE));
  }

  get capacity(): number {
    return this.f64.length * 8;
  }

  private instantiate(pages: number): void {
    const memory = new wasmApi!.Memory({ initial: pages });
    const instance = new wasmApi!.Instance(this.module, { env: { memory } });
    this.fns = instance.exports as KernelExports;
    this.f32 = new Float32Array(memory.buffer);
    this.f64 = new Float64Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
  }

  /**
   * Starts a call that needs `bytes` in all (the sum of its regions, each rounded up to 16);
   * false when that cannot be had (past wasm32's 4 GiB or out of memory): run the JS kernel then.
   */
  begin(bytes: number): boolean {
    this.top = ConstantTable.BYTES;
    bytes += ConstantTable.BYTES;
    if (bytes <= this.capacity) return true;
    const pages = Math.ceil(Math.max(bytes, 2 * this.capacity) / PAGE);
    if (pages > 65535) return false;
    try {
      this.instantiate(pages);
      return true;
    } catch {
      return false;
    }
  }

  /** A 16-byte aligned region of `bytes` in the current call; returns its byte address. */
  take(bytes: number): number {
    const at = this.top;
    this.top += roundUp(bytes, 16);
    return at;
  }
}

export const roundUp = (n: number, to: number): number => Math.ceil(n / to) * to;
