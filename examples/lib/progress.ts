/**
 * A progress reporter for training loops, with no dependencies.
 *
 *   const progress = new Progress({ epochs, batchesPerEpoch, label: 'mnist', batchSize: 64 });
 *   for (let epoch = 0; epoch < epochs; epoch++) {
 *     for (let batch = 0; batch < batchesPerEpoch; batch++) {
 *       ... progress.update({ epoch, batch, loss: loss.item() });
 *     }
 *     progress.endEpoch({ 'test acc': acc.toFixed(3) });
 *   }
 *   progress.done();
 *
 * `epoch` and `batch` are 0-based loop indices (shown 1-based: "epoch 1/10").
 *
 * On a TTY (stdout.isTTY and no `CI` environment variable) one line is redrawn in place (at most
 * every 80 ms) with a bar for the epoch, epoch k/K, batch b/B, the running loss (a bias-corrected
 * exponential moving average), throughput and elapsed time / ETA; `endEpoch` freezes that line
 * with the epoch's summary. Otherwise (piped, or `CI` set) nothing is printed per batch and
 * `endEpoch` prints one plain line per epoch.
 */

export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  epochs: number;
  batchesPerEpoch: number;
  /** Printed at the start of every line, e.g. the example's name. */
  label?: string;
  /** Samples per batch; when given, throughput is in samples/s, otherwise batches/s. */
  batchSize?: number;
  /** Smoothing of the running loss: weight of the newest batch (default 0.05). */
  smoothing?: number;
  /** 'auto' (default) picks 'tty' or 'plain' as described above; 'silent' prints nothing. */
  mode?: 'auto' | 'tty' | 'plain' | 'silent';
  /** Where to write (default process.stdout). */
  stream?: ProgressStream;
}

export interface UpdateInfo {
  /** 0-based epoch index. */
  epoch: number;
  /** 0-based batch index within the epoch. */
  batch: number;
  /** This batch's loss. */
  loss: number;
  /** Samples in this batch, if it differs from `batchSize` (a short last batch). */
  size?: number;
}

export interface EpochSummary {
  /** 0-based epoch index. */
  epoch: number;
  /** Mean of the batch losses of this epoch. */
  meanLoss: number;
  /** Running (smoothed) loss at the end of the epoch. */
  runningLoss: number;
  batches: number;
  seconds: number;
  /** Samples/s if `batchSize` (or `size`) was given, else batches/s. */
  throughput: number;
}

const BAR_WIDTH = 20;
const REDRAW_MS = 80;
const PARTIAL = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(r).padStart(2, '0')}s`;
}

/** A loss value with about 4 significant digits, switching to exponent notation when tiny or huge. */
export function formatLoss(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  if (a >= 100) return v.toFixed(1);
  return v.toPrecision(4);
}

/** A metric: integers as they are, others with up to 4 significant digits (0.6, 0.9123, 1.5e-5). */
export function formatMetric(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

function formatRate(perSecond: number, unit: string): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return `-- ${unit}/s`;
  if (perSecond >= 1e4) return `${(perSecond / 1000).toFixed(1)}k ${unit}/s`;
  if (perSecond >= 100) return `${Math.round(perSecond)} ${unit}/s`;
  return `${perSecond.toPrecision(3)} ${unit}/s`;
}

function bar(fraction: number, width = BAR_WIDTH): string {
  const f = Math.min(1, Math.max(0, fraction));
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const part = eighths % 8;
  return '█'.repeat(full) + (full < width ? PARTIAL[part]! + ' '.repeat(width - full - 1) : '');
}

function formatExtra(extra: Record<string, number | string> | undefined): string {
  if (!extra) return '';
  return Object.entries(extra)
    .map(([k, v]) => `${k} ${typeof v === 'number' ? formatMetric(v) : v}`)
    .join('  ');
}

const now = (): number => performance.now() / 1000;

export class Progress {
  readonly epochs: number;
  readonly batchesPerEpoch: number;
  readonly label: string;
  readonly mode: 'tty' | 'plain' | 'silent';
  /** Every batch loss seen, in order (for plotting). */
  readonly batchLosses: number[] = [];
  /** One summary per finished epoch. */
  readonly history: EpochSummary[] = [];

  private readonly stream: ProgressStream;
  private readonly batchSize: number | undefined;
  private readonly smoothing: number;
  private readonly start = now();
  private ema = 0;
  private emaSteps = 0;
  private epochStart = now();
  private epochLossSum = 0;
  private epochBatches = 0;
  private epochSamples = 0;
  private currentEpoch = 0;
  private lastBatch = -1;
  private lastDraw = -Infinity;
  private lineOpen = false;
  private totalBatchesDone = 0;

  constructor({ epochs, batchesPerEpoch, label = '', batchSize, smoothing = 0.05, mode = 'auto', stream }: ProgressOptions) {
    if (!(epochs >= 1) || !(batchesPerEpoch >= 1)) {
      throw new RangeError(`Progress: epochs and batchesPerEpoch must be >= 1, got ${epochs} and ${batchesPerEpoch}`);
    }
    this.epochs = epochs;
    this.batchesPerEpoch = batchesPerEpoch;
    this.label = label;
    this.batchSize = batchSize;
    this.smoothing = smoothing;
    this.stream = stream ?? process.stdout;
    if (mode === 'auto') {
      const ci = process.env['CI'];
      this.mode = this.stream.isTTY && (ci === undefined || ci === '' || ci === 'false' || ci === '0') ? 'tty' : 'plain';
    } else {
      this.mode = mode;
    }
  }

  /** The running (bias-corrected exponential moving average) loss. */
  get runningLoss(): number {
    return this.emaSteps === 0 ? NaN : this.ema / (1 - (1 - this.smoothing) ** this.emaSteps);
  }

  /** Seconds since the reporter was created. */
  get elapsed(): number {
    return now() - this.start;
  }

  /** Records one batch. */
  update({ epoch, batch, loss, size }: UpdateInfo): void {
    if (epoch !== this.currentEpoch && this.epochBatches > 0) {
      // A new epoch without endEpoch(): close the previous one (prints its summary line).
      this.endEpoch();
    }
    if (epoch !== this.currentEpoch) {
      this.currentEpoch = epoch;
      this.epochStart = now();
    }
    this.batchLosses.push(loss);
    if (Number.isFinite(loss)) {
      this.ema = (1 - this.smoothing) * this.ema + this.smoothing * loss;
      this.emaSteps++;
    }
    this.epochLossSum += loss;
    this.epochBatches++;
    this.epochSamples += size ?? this.batchSize ?? 1;
    this.lastBatch = batch;
    this.totalBatchesDone++;
    if (this.mode !== 'tty') return;
    const t = now();
    if (t - this.lastDraw >= REDRAW_MS / 1000 || batch + 1 >= this.batchesPerEpoch) {
      this.lastDraw = t;
      this.draw(this.liveLine(t));
    }
  }

  /**
   * Ends the current epoch: freezes the TTY line or prints the plain line, with the epoch's mean
   * loss and any extra metrics (`{ 'test acc': 0.97 }`). Returns the epoch's summary.
   */
  endEpoch(extra?: Record<string, number | string>): EpochSummary {
    const t = now();
    const seconds = t - this.epochStart;
    const summary: EpochSummary = {
      epoch: this.currentEpoch,
      meanLoss: this.epochBatches > 0 ? this.epochLossSum / this.epochBatches : NaN,
      runningLoss: this.runningLoss,
      batches: this.epochBatches,
      seconds,
      throughput: seconds > 0 ? this.epochSamples / seconds : NaN,
    };
    this.history.push(summary);
    if (this.mode !== 'silent') {
      const unit = this.batchSize !== undefined ? 'samples' : 'batches';
      const parts = [
        this.prefix() + this.epochText(),
        `loss ${formatLoss(summary.meanLoss)}`,
        formatRate(summary.throughput, unit),
        formatDuration(seconds),
        formatExtra(extra),
      ].filter((s) => s !== '');
      const line = parts.join('  ');
      if (this.mode === 'tty') {
        this.draw(line);
        this.stream.write('\n');
        this.lineOpen = false;
      } else {
        this.stream.write(line + '\n');
      }
    }
    this.epochLossSum = 0;
    this.epochBatches = 0;
    this.epochSamples = 0;
    this.lastBatch = -1;
    this.currentEpoch++;
    this.epochStart = now();
    return summary;
  }

  /** Finishes: closes an open TTY line and prints the total time (optionally with final metrics). */
  done(extra?: Record<string, number | string>): void {
    if (this.mode === 'silent') return;
    if (this.lineOpen) {
      this.stream.write('\n');
      this.lineOpen = false;
    }
    const parts = [`${this.prefix()}done in ${formatDuration(this.elapsed)}`, formatExtra(extra)].filter((s) => s !== '');
    this.stream.write(parts.join('  ') + '\n');
  }

  private prefix(): string {
    return this.label ? `${this.label}  ` : '';
  }

  private epochText(): string {
    const w = String(this.epochs).length;
    return `epoch ${String(this.currentEpoch + 1).padStart(w)}/${this.epochs}`;
  }

  private liveLine(t: number): string {
    const done = this.lastBatch + 1;
    const B = this.batchesPerEpoch;
    const w = String(B).length;
    const seconds = t - this.epochStart;
    const unit = this.batchSize !== undefined ? 'samples' : 'batches';
    const rate = seconds > 0 ? (this.batchSize !== undefined ? this.epochSamples : this.epochBatches) / seconds : NaN;
    const totalBatches = this.epochs * B;
    const overall = this.elapsed;
    const eta = this.totalBatchesDone > 0 ? (overall / this.totalBatchesDone) * (totalBatches - this.totalBatchesDone) : NaN;
    return [
      `${this.prefix()}${this.epochText()}`,
      `${bar(done / B)}`,
      `${String(done).padStart(w)}/${B}`,
      `loss ${formatLoss(this.runningLoss)}`,
      formatRate(rate, unit),
      `${formatDuration(overall)} (eta ${formatDuration(eta)})`,
    ].join('  ');
  }

  private draw(line: string): void {
    const cols = this.stream.columns;
    const text = cols !== undefined && cols > 1 && [...line].length > cols - 1 ? [...line].slice(0, cols - 1).join('') : line;
    this.stream.write(`\r\x1b[2K${text}`);
    this.lineOpen = true;
  }
}
