/**
 * What every example shares: the run() options, "am I the entry point", console output that
 * `quiet` silences, SVG output (skipped when quiet unless an outDir is given, as tests do), the
 * loss curve in the terminal and as an SVG, and small evaluation helpers.
 */
import { isMainThread } from 'node:worker_threads';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { noGrad, type Tensor } from '../../src/index.js';
import { Progress } from './progress.js';
import { asciiChart } from './terminal-chart.js';
import { lineChart, writeSvg, OUT_DIR, type LineSeries } from './svg.js';

export interface ExampleOptions {
  /** Epochs (or iterations, for full-batch examples); each example has its own default. */
  epochs?: number;
  /** No console output and no files (unless outDir is given). */
  quiet?: boolean;
  /** Where SVGs go (default examples/out/). */
  outDir?: string;
  seed?: number;
}

/** True when the module at `url` is the script node was started with. */
export function isMain(url: string): boolean {
  const entry = process.argv[1];
  // a worker started from the module (examples/lenet.ts) is never its entry point
  return isMainThread && entry !== undefined && url === pathToFileURL(entry).href;
}

export class Reporter {
  /** Paths of the SVGs written. */
  readonly files: string[] = [];

  constructor(readonly name: string, readonly opts: ExampleOptions) {}

  log(...args: unknown[]): void {
    if (!this.opts.quiet) console.log(...args);
  }

  progress(epochs: number, batchesPerEpoch: number, batchSize?: number, label = this.name): Progress {
    return new Progress({ epochs, batchesPerEpoch, batchSize, label, mode: this.opts.quiet ? 'silent' : 'auto' });
  }

  svg(file: string, make: () => string): void {
    if (this.opts.quiet && !this.opts.outDir) return;
    const path = writeSvg(join(this.opts.outDir ?? OUT_DIR, file), make());
    this.files.push(path);
    this.log(`wrote ${path}`);
  }

  /** The loss curve: a terminal chart and `<name>-loss.svg` (series over a shared x, e.g. epochs). */
  lossCurve(series: LineSeries[], { xLabel = 'epoch', logY = false, terminal = series[0]!.y }: { xLabel?: string; logY?: boolean; terminal?: ArrayLike<number> } = {}): void {
    const x = series[0]!.x, xRange: [number, number] | undefined = terminal === series[0]!.y ? [x[0]!, x[x.length - 1]!] : undefined;
    this.log(asciiChart(terminal, { title: `${this.name}: ${series[0]!.name}`, height: 8, width: 60, logY, xRange }));
    this.svg(`${this.name}-loss.svg`, () => lineChart({ title: `${this.name}: training loss`, xLabel, yLabel: 'loss', series, logY }));
  }
}

/** Row-wise argmax of a [n, c] tensor. */
export function argmaxRows(t: Tensor): Int32Array {
  const [n, c] = t.shape as [number, number];
  const d = t.contiguousData();
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (d[i * c + j]! > d[i * c + best]!) best = j;
    out[i] = best;
  }
  return out;
}

/** Fraction of rows whose argmax equals the int32 label. */
export function accuracy(logits: Tensor, labels: Tensor): number {
  const pred = argmaxRows(logits), y = labels.contiguousData();
  let hit = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === y[i]) hit++;
  return hit / pred.length;
}

/** Recall of each class (correct / present) for predicted and true labels. */
export function recallPerClass(pred: ArrayLike<number>, truth: ArrayLike<number>, classes: number): number[] {
  const hit = new Array<number>(classes).fill(0), count = new Array<number>(classes).fill(0);
  for (let i = 0; i < truth.length; i++) {
    count[truth[i]!]!++;
    if (pred[i] === truth[i]) hit[truth[i]!]!++;
  }
  return hit.map((h, k) => (count[k] ? h / count[k]! : NaN));
}

/** Evaluates without recording (and without Dropout, when a model is passed). */
export function evaluate<T>(fn: () => T, model?: { eval(): unknown; train(): unknown }): T {
  model?.eval();
  try {
    return noGrad(fn);
  } finally {
    model?.train();
  }
}

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
