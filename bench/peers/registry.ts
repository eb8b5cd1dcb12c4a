// Every library the benchmark can run, in one table. Adding a peer = one file in bench/peers
// implementing `Peer` (bench/peer.ts), its name in LIBRARIES (bench/common.ts) and one entry here
// (the compiler flags a name without an entry). Loaders are lazy, so a worker imports
// only the library it times.
import type { Library } from '../common.js';
import type { Peer } from '../peer.js';

export interface PeerEntry {
  /** Builds the peer inside the worker process. `root` is the repository root. */
  load(root: string): Promise<Peer>;
  /** Part of a plain `npm run bench` (otherwise only with --libs=...). */
  byDefault: boolean;
  /**
   * Run the worker from TypeScript through tsx instead of the compiled bench under plain node.
   * Only for measuring what tsx costs: loading through tsx makes every typed-array loop in the
   * process slower (docs/design.md, "Performance design").
   */
  tsx?: boolean;
  /** What the peer is, for the table's footnote. */
  about: string;
}

export const PEERS: Record<Library, PeerEntry> = {
  tapegrad: {
    load: async (root) => (await import('./tapegrad.js')).makeTapegradPeer(`${root}/dist/index.js`),
    byDefault: true,
    about: 'this repository, built dist/ under plain node',
  },
  'tapegrad-tsx': {
    load: async (root) => (await import('./tapegrad.js')).makeTapegradPeer(`${root}/src/index.ts`),
    byDefault: false,
    tsx: true,
    about: 'this repository, src/ through tsx (what the examples pay)',
  },
  tfjs: {
    load: async () => (await import('./tfjs.js')).makeTfjsPeer(),
    byDefault: true,
    about: 'TensorFlow.js 4.22, tfjs-core + cpu backend',
  },
  'tfjs-wasm': {
    load: async () => (await import('./tfjs.js')).makeTfjsPeer('wasm'),
    byDefault: true,
    about: 'TensorFlow.js 4.22, tfjs-core + wasm backend (XNNPACK, SIMD, one thread)',
  },
  pytorch: {
    load: async (root) => (await import('./pytorch.js')).makePytorchPeer(root),
    byDefault: true,
    about: "PyTorch (Debian's python3-torch, 1.13 here) through bench/torch_bench.py, one thread; skipped when absent",
  },
  plain: {
    load: async () => (await import('../plain/index.js')).plainPeer,
    byDefault: true,
    about: 'hand-written Float32Array loops (bench/plain)',
  },
};
