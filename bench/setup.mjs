// Installs the benchmark's own dependencies (tfjs-core + tfjs-backend-cpu, pinned in
// bench/package.json and bench/package-lock.json) on first use, so the library's own `npm ci`
// stays free of them. Run by `npm run bench` before the orchestrator.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = dirname(fileURLToPath(import.meta.url));
const marker = join(bench, 'node_modules', '@tensorflow', 'tfjs-backend-cpu', 'package.json');
const core = join(bench, 'node_modules', '@tensorflow', 'tfjs-core', 'package.json');

if (!existsSync(marker) || !existsSync(core)) {
  process.stderr.write('bench: installing benchmark dependencies (npm ci in bench/)...\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: bench, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('bench: npm ci in bench/ failed\n');
    process.exit(r.status ?? 1);
  }
}
