// The benchmark orchestrator:
//   npm run bench [-- <workload>... [--libs=tapegrad,tfjs,...] [--rounds=N] [--clock=cpu] [--threads=N] [--quick] [--snapshot]]
// `npm run bench` first builds dist/ and compiles the bench itself into bench/.build, so every
// library (tapegrad from dist/ included) runs under plain node; `--libs=tapegrad,tapegrad-tsx`
// adds tapegrad from src/ through tsx, to see what tsx costs. Every (workload, library) pair runs
// in its own child process (bench/worker.ts), --rounds=N times in turn (the median of the rounds'
// medians is reported: on a loaded machine this keeps the ratios honest; --clock=cpu times CPU
// time instead of wall time, see common.ts; --threads=N runs tapegrad with setThreads(N) and
// PyTorch with torch.set_num_threads(N), 1 by default); this prints a table of medians with the ratios
// tapegrad/peer and writes bench/out/results.{json,md} (ignored by git). `--snapshot` writes the
// committed bench/results.{json,md} instead.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  isLibrary,
  isWorkload,
  LIBRARIES,
  RESULT_MARK,
  WORKLOADS,
  type Library,
  type Metric,
  type Workload,
  type WorkerResult,
  repoRoot,
} from './common.js';
import { PEERS } from './peers/registry.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = repoRoot();

interface Args {
  workloads: Workload[];
  libraries: Library[];
  quick: boolean;
  snapshot: boolean;
  rounds: number;
  clock: 'wall' | 'cpu';
  threads: number;
  memorySteps: number;
  tfjsMemorySteps: number;
}

function parseArgs(argv: string[]): Args {
  const workloads: Workload[] = [];
  let libraries: Library[] = LIBRARIES.filter((l) => PEERS[l].byDefault);
  let quick = false;
  let snapshot = false;
  let rounds = 1;
  let clock: 'wall' | 'cpu' = 'wall';
  let threads = 1;
  let memorySteps = 10000;
  let tfjsMemorySteps = 1000;
  for (const a of argv) {
    if (a === '--quick') quick = true;
    else if (a === '--snapshot') snapshot = true;
    else if (a.startsWith('--rounds=')) rounds = Math.max(1, Number(a.slice(9)) | 0);
    else if (a === '--clock=cpu' || a === '--clock=wall') clock = a.slice(8) as 'wall' | 'cpu';
    else if (a.startsWith('--threads=')) {
      threads = Number(a.slice(10));
      if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new Error(`--threads must be an integer in [1, 64], got ${a.slice(10)}`);
    }
    else if (a.startsWith('--libs=')) {
      const libs = a.slice(7).split(',');
      for (const l of libs) if (!isLibrary(l)) throw new Error(`unknown library ${l} (known: ${LIBRARIES.join(', ')})`);
      libraries = libs.filter(isLibrary);
    } else if (a.startsWith('--memory-steps=')) memorySteps = Number(a.slice(15));
    else if (a.startsWith('--tfjs-memory-steps=')) tfjsMemorySteps = Number(a.slice(20));
    else if (isWorkload(a)) workloads.push(a);
    else throw new Error(`unknown argument ${a} (workloads: ${WORKLOADS.join(', ')})`);
  }
  return { workloads: workloads.length ? workloads : [...WORKLOADS], libraries, quick, snapshot, rounds, clock, threads, memorySteps, tfjsMemorySteps };
}

function runWorker(workload: Workload, library: Library, args: Args): WorkerResult {
  const steps = library.startsWith('tfjs') ? Math.min(args.memorySteps, args.tfjsMemorySteps) : args.memorySteps;
  // The compiled worker sits next to this file; the TypeScript one in the repository's bench/.
  const worker = PEERS[library].tsx ? ['--import', import.meta.resolve('tsx'), join(root, 'bench', 'worker.ts')] : [join(here, 'worker.js')];
  const cmd = [
    '--expose-gc',
    ...worker,
    workload,
    library,
    `--memory-steps=${steps}`,
    ...(args.quick ? ['--quick'] : []),
  ];
  const t0 = Date.now();
  const r = spawnSync(process.execPath, cmd, {
    env: { ...process.env, BENCH_CLOCK: args.clock, BENCH_THREADS: String(args.threads) },
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
    timeout: 15 * 60 * 1000,
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith(RESULT_MARK));
  process.stderr.write(`  ${workload} / ${library}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  if (!line) {
    const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
    return { workload, library, metrics: [], skipped: [], error: `worker produced no result (${why})\n${r.stdout ?? ''}` };
  }
  return JSON.parse(line.slice(RESULT_MARK.length)) as WorkerResult;
}

// ----- formatting -----
function fmt(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  if (a >= 100) return v.toFixed(1);
  if (a >= 10) return v.toFixed(2);
  if (a >= 1) return v.toFixed(2);
  if (a >= 0.01) return v.toFixed(3);
  return v.toPrecision(2);
}

interface Row {
  id: string;
  unit: string;
  better: 'higher' | 'lower';
  byLib: Partial<Record<Library, Metric>>;
  notes: string[];
}

function buildRows(results: WorkerResult[]): Row[] {
  const rows = new Map<string, Row>();
  for (const r of results) {
    for (const m of r.metrics) {
      let row = rows.get(m.id);
      if (!row) {
        row = { id: m.id, unit: m.unit, better: m.better, byLib: {}, notes: [] };
        rows.set(m.id, row);
      }
      const prev = row.byLib[r.library];
      row.byLib[r.library] = prev ? mergeRounds(prev, m) : { ...m, rounds: [m.median] };
      if (m.note && !prev) row.notes.push(`${r.library}: ${m.note}`);
    }
  }
  return [...rows.values()];
}

/** The same metric from another round: the median of the rounds' medians, the extremes of all. */
function mergeRounds(a: Metric, b: Metric): Metric {
  const rounds = [...(a.rounds ?? [a.median]), b.median].sort((x, y) => x - y);
  const mid = rounds.length >> 1;
  const median = rounds.length % 2 ? rounds[mid]! : (rounds[mid - 1]! + rounds[mid]!) / 2;
  return { ...a, median, min: Math.min(a.min, b.min), max: Math.max(a.max, b.max), samples: a.samples + b.samples, rounds };
}

/** tapegrad / peer in the row's unit, e.g. 2.0 for GFLOP/s = twice as fast, 0.5 for ms = twice as fast. */
function ratio(row: Row, peer: Library): number | undefined {
  const t = row.byLib.tapegrad?.median;
  const p = row.byLib[peer]?.median;
  if (t === undefined || p === undefined || p === 0) return undefined;
  return t / p;
}

function table(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function machineInfo(): { cpu: string; cores: number; node: string; platform: string; date: string } {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const results: WorkerResult[] = [];
  const t0 = Date.now();
  process.stderr.write(`bench: ${args.workloads.join(', ')} × ${args.libraries.join(', ')}${args.quick ? ' (quick)' : ''}\n`);
  // Rounds alternate the libraries, so that a load change on a shared machine hits them alike.
  for (let round = 0; round < args.rounds; round++) {
    for (const w of args.workloads) {
      for (const lib of args.libraries) {
        if (lib === 'plain' && (w === 'memory' || w === 'op-overhead' || w === 'lenet-step' || w === 'transformer-step')) continue; // no plain version
        if (lib === 'pytorch' && w !== 'lenet-step' && w !== 'transformer-step') continue; // the PyTorch reference rows only
        if (round > 0 && w === 'memory') continue; // one long run is the measurement
        const r = runWorker(w, lib, args);
        if (r.error) process.stderr.write(`  ERROR ${w} / ${lib}: ${r.error.split('\n').slice(0, 6).join('\n    ')}\n`);
        results.push(r);
      }
    }
  }
  const rows = buildRows(results);
  const peers = args.libraries.filter((l) => l !== 'tapegrad');
  const hasTg = args.libraries.includes('tapegrad');

  const header = ['workload', 'unit', ...args.libraries.map((l) => `${l}`), ...(hasTg ? peers.map((p) => `tg/${p}`) : [])];
  const body = rows.map((row) => [
    row.id,
    `${row.unit} ${row.better === 'higher' ? '↑' : '↓'}`,
    ...args.libraries.map((l) => fmt(row.byLib[l]?.median)),
    ...(hasTg ? peers.map((p) => fmt(ratio(row, p))) : []),
  ]);
  const text = table(header, body);
  const how = `${args.clock === 'cpu' ? 'CPU time' : 'wall time'}${args.rounds > 1 ? `, median of ${args.rounds} rounds` : ''}`;
  process.stdout.write(`\n${text}\n\n↑ higher is better, ↓ lower is better; tg/peer = tapegrad median / peer median in the row's unit (${how}).\n`);
  const detail = rows
    .map((row) =>
      args.libraries
        .filter((l) => row.byLib[l])
        .map((l) => {
          const m = row.byLib[l]!;
          return `${row.id} [${l}]: median ${fmt(m.median)} ${m.unit}, min–max ${fmt(m.min)}–${fmt(m.max)}, n=${m.samples}${m.rounds && m.rounds.length > 1 ? `, rounds ${m.rounds.map(fmt).join(' ')}` : ''}${m.note ? ` (${m.note})` : ''}`;
        })
        .join('\n'),
    )
    .join('\n');
  process.stdout.write(`\n${detail}\n`);
  const skipped = results.flatMap((r) => r.skipped.map((s) => `${r.library}: ${s.id}: ${s.reason}`));
  const errors = results.filter((r) => r.error).map((r) => `${r.workload} / ${r.library}: ${r.error!.split('\n')[0]}`);
  if (errors.length) process.stdout.write(`\nerrors:\n  ${errors.join('\n  ')}\n`);

  const machine = machineInfo();
  const wall = (Date.now() - t0) / 1000;
  const outDir = args.snapshot ? join(root, 'bench') : join(root, 'bench', 'out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'results.json'),
    `${JSON.stringify({ machine, args: { ...args }, wallSeconds: wall, results }, null, 2)}\n`,
  );
  const md = [
    `Machine: ${machine.cpu} (${machine.cores} cores), ${machine.platform}, Node ${machine.node}; ${machine.date.slice(0, 10)}. Single thread, float32.`,
    '',
    `| workload | unit | ${args.libraries.join(' | ')} |${hasTg ? ` ${peers.map((p) => `tapegrad/${p}`).join(' | ')} |` : ''}`,
    `|---|---|${args.libraries.map(() => '---:').join('|')}|${hasTg ? `${peers.map(() => '---:').join('|')}|` : ''}`,
    ...body.map((r) => `| ${r.join(' | ')} |`),
    '',
    `Libraries: ${args.libraries.map((l) => `${l} = ${PEERS[l].about}`).join('; ')}.`,
    '',
    `Medians of many timed samples (${how}) after warm-up, each (workload, library) in its own process; ↑ higher is better, ↓ lower is better; the ratio columns are tapegrad median / peer median in the row's unit. Reproduce with \`npm run bench\` (details and min–max in results.json beside this file).`,
    ...(skipped.length ? ['', '<details><summary>Not measured</summary>', '', ...skipped.map((s) => `- ${s}`), '', '</details>'] : []),
    '',
  ].join('\n');
  writeFileSync(join(outDir, 'results.md'), md);
  const rel = outDir.slice(root.length + 1);
  process.stdout.write(`\nwrote ${rel}/results.json and ${rel}/results.md (${wall.toFixed(0)} s)\n`);
  if (errors.length) process.exitCode = 1;
}

await main();
