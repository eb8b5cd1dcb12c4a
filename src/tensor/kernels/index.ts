import { jsKernels } from './js/index.js';
import type { KernelSet } from './types.js';
import { Arena, wasmApi } from './wasm/arena.js';
import { wasmKernels } from './wasm/index.js';
import { kernelModule } from './wasm/module.js';

export type { KernelName, KernelSet, MatrixView } from './types.js';
export { setThreads, getThreads } from './wasm/threads.js';
export type Backend = 'wasm' | 'js';

/**
 * The kernels the primitives call. It holds the wasm set where WebAssembly SIMD validates (Node
 * ≥ 16.4, every current browser) and the JS set otherwise; the environment variable
 * TAPEGRAD_BACKEND=js (read once, at load) or setBackend('js') selects the JS set, for tests and
 * debugging. Both sets compute the same results up to rounding (test/kernels.test.ts).
 */
export const kernel: KernelSet = { ...jsKernels };

let wasm: KernelSet | null | undefined;
/** The wasm set, built on first use; null where WebAssembly SIMD is missing. */
function wasmSet(): KernelSet | null {
  if (wasm !== undefined) return wasm;
  try {
    const bytes = kernelModule();
    wasm = wasmApi?.validate(bytes) ? wasmKernels(jsKernels, new Arena(bytes)) : null;
  } catch {
    wasm = null;
  }
  return wasm;
}

let current: Backend = 'js';

/**
 * Selects the kernel set: 'wasm' (WebAssembly SIMD, the default where available) or 'js' (plain
 * TypeScript). Returns the backend in use, which is 'js' when 'wasm' was asked for but is missing.
 */
export function setBackend(backend: Backend): Backend {
  if (backend !== 'wasm' && backend !== 'js') throw new TypeError(`setBackend: backend must be 'wasm' or 'js', got ${String(backend)}`);
  const set = backend === 'wasm' ? wasmSet() : jsKernels;
  current = set ? backend : 'js';
  Object.assign(kernel, set ?? jsKernels);
  return current;
}

/** The kernel set in use: 'wasm' or 'js'. */
export const getBackend = (): Backend => current;

const fromEnv = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.TAPEGRAD_BACKEND;
if (fromEnv !== undefined && fromEnv !== 'js' && fromEnv !== 'wasm') {
  throw new TypeError(`tapegrad: TAPEGRAD_BACKEND must be 'wasm' or 'js', got '${fromEnv}'`);
}
setBackend(fromEnv ?? 'wasm');
