// Runs examples/<name>.ts compiled to JavaScript under plain node:
//   node scripts/example.mjs <name> [args...]     (npm run demo, npm run example:<name>)
// Why not `tsx examples/<name>.ts`: Node 20 runs module.register() loader hooks (which tsx needs
// for ES modules) on a separate thread, and installing them (even a no-op hook) invalidates
// V8's ArrayBufferDetaching protector for the whole process (see it with
// `node --trace-protector-invalidation`); from then on every typed-array access carries an extra
// check, ~10-20% on tapegrad's loops (the mnist demo: 23.5 s of CPU compiled, 27.7 s through tsx).
// ndarray and tsx's CommonJS path do not cause it. The native tsc compiles the examples (and the
// src they import) into .tmp/examples in about a second (half a second when little changed: the
// build is incremental); no hook is installed in the process that trains.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...args] = process.argv.slice(2);
if (!name || !existsSync(join(root, 'examples', `${name}.ts`))) {
  process.stderr.write(`usage: node scripts/example.mjs <name> [args...] (no examples/${name ?? '<name>'}.ts)\n`);
  process.exit(2);
}
const tsc = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsc.cmd' : 'tsc');
const out = join(root, '.tmp', 'examples'), buildInfo = join(out, 'tsbuildinfo');
const script = join(out, 'examples', `${name}.js`);
// tsc trusts its build info: without the script it was to emit, start over
if (!existsSync(script)) rmSync(buildInfo, { force: true });
const built = spawnSync(tsc, ['-p', join(root, 'examples', 'tsconfig.json'), '--incremental', '--tsBuildInfoFile', buildInfo], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const run = spawnSync(process.execPath, ['--enable-source-maps', script, ...args], {
  stdio: 'inherit',
  env: { ...process.env, TAPEGRAD_EXAMPLES_OUT: join(root, 'examples', 'out') + '/' },
});
process.exit(run.status ?? 1);
