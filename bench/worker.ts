// Runs one (workload, library) pair in its own process and prints one result line.
// Usage (after `npm run bench` has built bench/.build):
//   node --expose-gc bench/.build/bench/worker.js <workload> <library> [--quick] [--memory-steps=N]
import {
  forceGc,
  isLibrary,
  repoRoot,
  isWorkload,
  lenetData,
  transformerData,
  matmulData,
  measure,
  metricFrom,
  mlpData,
  msToGflops,
  msToPerSecond,
  opChainData,
  softmaxData,
  MATMUL_SIZES,
  MLP_BATCHES,
  OP_CHAIN,
  RESULT_MARK,
  SOFTMAX_C,
  SOFTMAX_N,
  type Library,
  type MeasureOptions,
  type Metric,
  type Workload,
  type WorkerResult,
} from './common.js';
import { ZOO, ZOO_NOT_TIMED, zooInputs } from './loss-zoo.js';
import type { Peer } from './peer.js';
import { PEERS } from './peers/registry.js';

interface WorkerOptions {
  quick: boolean;
  memorySteps: number;
}

const loadPeer = (lib: Library): Promise<Peer> => PEERS[lib].load(repoRoot());

function budget(o: WorkerOptions, m: MeasureOptions): MeasureOptions {
  if (!o.quick) return m;
  return { ...m, warmupMs: 50, minWarmup: 1, budgetMs: 100, minSamples: 3 };
}

const MB = 1024 * 1024;

async function runWorkload(workload: Workload, peer: Peer, o: WorkerOptions, res: WorkerResult): Promise<void> {
  const na = (id: string, reason: string): void => {
    res.skipped.push({ id, reason });
  };
  if (peer.external) {
    const got = peer.external(workload, o.quick);
    if (typeof got === 'string') na(workload, got);
    else res.metrics.push(...got);
    return;
  }
  switch (workload) {
    case 'lenet-step': {
      const id = 'lenet-step b64';
      if (!peer.lenetStep) return na(id, 'not implemented');
      const { x, labels } = lenetData();
      const work = peer.lenetStep(x, labels);
      const t = measure(work, budget(o, { budgetMs: 3000, minSamples: 5, maxSamples: 400 }));
      res.metrics.push(metricFrom(id, 'steps/s', 'higher', t, msToPerSecond));
      return;
    }
    case 'transformer-step': {
      const id = 'transformer-step b16';
      if (!peer.transformerStep) return na(id, 'not implemented');
      const { x, y } = transformerData();
      const work = peer.transformerStep(x, y);
      const t = measure(work, budget(o, { budgetMs: 3000, minSamples: 10, maxSamples: 1000 }));
      res.metrics.push(metricFrom(id, 'steps/s', 'higher', t, msToPerSecond));
      return;
    }
    case 'matmul': {
      for (const n of MATMUL_SIZES) {
        const id = `matmul ${n}`;
        if (!peer.matmul) return na(id, 'not implemented');
        const { a, b } = matmulData(n);
        const work = peer.matmul(n, a, b);
        const t = measure(work, budget(o, { budgetMs: n >= 512 ? 4000 : 1500, minSamples: 7 }));
        res.metrics.push(metricFrom(id, 'GFLOP/s', 'higher', t, msToGflops(n)));
      }
      return;
    }
    case 'softmax-ce': {
      const id = 'softmax-ce';
      if (!peer.softmaxCe) return na(id, 'not implemented');
      const { logits, labels } = softmaxData();
      const work = peer.softmaxCe(logits, labels, SOFTMAX_N, SOFTMAX_C);
      const t = measure(work, budget(o, { budgetMs: 3000, minSamples: 7 }));
      res.metrics.push(metricFrom(id, 'ms', 'lower', t, (ms) => ms));
      return;
    }
    case 'mlp-step': {
      for (const batch of MLP_BATCHES) {
        const id = `mlp-step b${batch}`;
        if (!peer.mlpStep) return na(id, 'not implemented');
        const work = peer.mlpStep(mlpData(batch));
        const t = measure(work, budget(o, { budgetMs: 3000, minSamples: 10 }));
        res.metrics.push(metricFrom(id, 'steps/s', 'higher', t, msToPerSecond));
      }
      return;
    }
    case 'op-overhead': {
      const id = 'op-overhead';
      if (!peer.opOverhead) return na(id, 'not implemented');
      const work = peer.opOverhead(opChainData());
      const t = measure(work, budget(o, { budgetMs: 2000, minSamples: 10 }));
      res.metrics.push(metricFrom(id, 'µs/op', 'lower', t, (ms) => (ms * 1000) / OP_CHAIN.ops));
      return;
    }
    case 'loss-zoo': {
      const names = peer.lossNames ? peer.lossNames() : [];
      if (names.length === 0) {
        na('loss-zoo', 'the library exports no losses (yet)');
        process.stderr.write(`  note: ${res.library} exports no losses; loss-zoo has nothing to time\n`);
      }
      for (const name of names) {
        const id = `loss-zoo ${name}`;
        if (ZOO_NOT_TIMED[name]) {
          na(id, ZOO_NOT_TIMED[name]);
          continue;
        }
        if (!ZOO[name]) {
          na(id, 'no input builder in bench/loss-zoo.ts');
          process.stderr.write(`  note: loss ${name} has no entry in bench/loss-zoo.ts; skipped\n`);
          continue;
        }
        if (!peer.loss) return na('loss-zoo', 'not implemented');
        let work: ReturnType<NonNullable<Peer['loss']>>;
        try {
          work = peer.loss(name, zooInputs(name));
          if (typeof work === 'string') {
            na(id, work);
            continue;
          }
          const value = work();
          if (!Number.isFinite(value) && !Number.isNaN(value)) throw new Error(`non-finite loss value ${value}`);
          const t = measure(work, budget(o, { warmupMs: 200, budgetMs: 700, minSamples: 5 }));
          const m = metricFrom(id, 'ms', 'lower', t, (ms) => ms);
          const note = peer.lossNote?.(name);
          if (note) m.note = note;
          res.metrics.push(m);
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          na(id, `error: ${msg.split('\n')[0]}`);
          process.stderr.write(`  error in loss ${name}: ${msg.split('\n')[0]}\n`);
        }
      }
      return;
    }
    case 'memory': {
      if (!peer.mlpStep || res.library === 'plain') return na('memory', 'not applicable (no allocations to track)');
      const steps = o.quick ? 300 : o.memorySteps;
      const work = peer.mlpStep(mlpData());
      const snap = (): { heap: number; buffers: number; live: number } => {
        forceGc();
        forceGc();
        const mu = process.memoryUsage();
        return { heap: mu.heapUsed / MB, buffers: mu.arrayBuffers / MB, live: peer.liveTensors ? peer.liveTensors() : NaN };
      };
      // A leak grows with the step count; warm-up (optimised code, inline caches) is a one-off.
      // Step 1000 separates the two: growth 1000 -> end should be ~0.
      let at100 = snap();
      let at1000 = at100;
      const t0 = process.hrtime.bigint();
      for (let i = 1; i <= steps; i++) {
        work();
        if (i === 100) at100 = snap();
        if (i === 1000) at1000 = snap();
      }
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      const atEnd = snap();
      const rss = process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
      const one = (id: string, unit: string, v: number, note?: string): Metric => {
        const m: Metric = { id, unit, better: 'lower', median: v, min: v, max: v, samples: 1 };
        if (note) m.note = note;
        return m;
      };
      const end = `step ${steps}`;
      res.metrics.push(
        one('memory heap@100', 'MB', at100.heap),
        one('memory heap@end', 'MB', atEnd.heap, end),
        one('memory heap growth', '%', ((atEnd.heap - at100.heap) / at100.heap) * 100, `100 -> ${steps}`),
        ...(steps > 1000 ? [one('memory heap growth after warm-up', '%', ((atEnd.heap - at1000.heap) / at1000.heap) * 100, `1000 -> ${steps}`)] : []),
        one('memory buffers@100', 'MB', at100.buffers, 'ArrayBuffers (typed-array storage)'),
        one('memory buffers@end', 'MB', atEnd.buffers, end),
        one('memory peak RSS', 'MB', rss),
      );
      if (peer.liveTensors) {
        res.metrics.push(one('memory live tensors@100', 'count', at100.live), one('memory live tensors@end', 'count', atEnd.live, end));
      }
      const sps = steps / secs;
      res.metrics.push({ id: 'memory steps/s', unit: 'steps/s', better: 'higher', median: sps, min: sps, max: sps, samples: 1, note: `${steps} steps incl. GC` });
      return;
    }
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const pos = args.filter((a) => !a.startsWith('--'));
  const [workload, library] = pos;
  if (!workload || !library || !isWorkload(workload) || !isLibrary(library)) {
    process.stderr.write('usage: worker.ts <workload> <library> [--quick] [--memory-steps=N]\n');
    process.exit(2);
  }
  const ms = args.find((a) => a.startsWith('--memory-steps='));
  const o: WorkerOptions = { quick: args.includes('--quick'), memorySteps: ms ? Number(ms.split('=')[1]) : 10000 };
  const res: WorkerResult = { workload, library, metrics: [], skipped: [] };
  let code = 0;
  try {
    const peer = await loadPeer(library);
    await runWorkload(workload, peer, o, res);
    const note = peer.workloadNote?.(workload);
    if (note) for (const m of res.metrics) m.note = m.note ? `${m.note}; ${note}` : note;
  } catch (e) {
    res.error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    code = 1;
  }
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(res)}\n`);
  process.exitCode = code;
}

await main();
