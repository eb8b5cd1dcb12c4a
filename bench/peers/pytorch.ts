// PyTorch as a reference row: bench/torch_bench.py, run by Debian's /usr/bin/python3 when it has
// torch (`apt-get install python3-torch`; PyTorch 1.13 there), one thread, times the same
// workloads (same architecture, sizes, optimizer; its own random data of the same distribution)
// with the same warm-up/median rules and clock, and prints the metrics as one JSON line. Without
// Python or torch the rows are skipped with a note: never a dependency of the tests or the build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLOCK, type Metric } from '../common.js';
import type { Peer } from '../peer.js';

const PYTHON = '/usr/bin/python3';

export function makePytorchPeer(root: string): Peer {
  return {
    name: 'pytorch',
    external(workload: string, quick: boolean): Metric[] | string {
      if (!existsSync(PYTHON)) return `${PYTHON} not found (PyTorch rows need Debian's python3-torch)`;
      const r = spawnSync(PYTHON, [join(root, 'bench', 'torch_bench.py'), workload, `--clock=${CLOCK}`, `--threads=${process.env['BENCH_THREADS'] ?? 1}`, ...(quick ? ['--quick'] : [])], {
        encoding: 'utf8', timeout: 10 * 60 * 1000, maxBuffer: 16 * 1024 * 1024,
      });
      const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('{'));
      if (r.status !== 0 || !line) return `torch_bench.py failed: ${(r.stderr || r.error?.message || '').trim().split('\n').at(-1)}`;
      const out = JSON.parse(line) as { metrics?: Metric[]; skipped?: string };
      return out.skipped ?? out.metrics ?? 'torch_bench.py printed no metrics';
    },
  };
}
