// Installs the benchmark's own dependencies (tfjs-core + tfjs-backend-cpu + tfjs-backend-wasm, pinned in
// bench/package.json and bench/package-lock.json) on first use, so the library's own `npm ci`
// stays free of them, then compiles the bench. Run by `npm run bench` before the orchestrator.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = dirname(fileURLToPath(import.meta.url));
const marker = join(bench, 'node_modules', '@tensorflow', 'tfjs-backend-cpu', 'package.json');
const core = join(bench, 'node_modules', '@tensorflow', 'tfjs-core', 'package.json');
const wasm = join(bench, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'package.json');

if (!existsSync(marker) || !existsSync(core) || !existsSync(wasm)) {
  process.stderr.write('bench: installing benchmark dependencies (npm ci in bench/)...\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: bench, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('bench: npm ci in bench/ failed\n');
    process.exit(r.status ?? 1);
  }
}

// Compile the bench (not the library: `npm run build` made dist/) into bench/.build, so that the
// workers run under plain node: tsx in a process slows every typed-array loop in it. The peer
// loads tapegrad from dist/ at run time; src/ is compiled along only for its types.
const tsc = join(bench, '..', 'node_modules', '.bin', process.platform === 'win32' ? 'tsc.cmd' : 'tsc');
const built = spawnSync(tsc, ['-p', join(bench, 'tsconfig.json')], { stdio: 'inherit' });
if (built.status !== 0) {
  process.stderr.write('bench: compiling bench/ failed\n');
  process.exit(built.status ?? 1);
}
for (const f of readdirSync(join(bench, 'peers'))) {
  if (f.endsWith('.mjs')) copyFileSync(join(bench, 'peers', f), join(bench, '.build', 'bench', 'peers', f));
}
