/**
 * Loss curves in the terminal, with no dependencies: a one-line `sparkline` and a small
 * multi-line `asciiChart` (block-element area chart, or a braille line chart).
 * Both return strings; print them yourself.
 */

const SPARK = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const EIGHTHS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

function finiteExtent(values: ArrayLike<number>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * `values` resampled to `columns` points: bucket means when shrinking (non-finite values
 * skipped; a bucket with none is NaN), linear interpolation when stretching.
 */
export function resample(values: ArrayLike<number>, columns: number): number[] {
  const n = values.length;
  if (n === 0 || columns <= 0) return [];
  if (n === columns) return Array.from(values);
  if (n > columns) {
    const out: number[] = [];
    for (let c = 0; c < columns; c++) {
      const a = Math.floor((c * n) / columns);
      const b = Math.max(a + 1, Math.floor(((c + 1) * n) / columns));
      let sum = 0;
      let k = 0;
      for (let i = a; i < b; i++) {
        const v = values[i]!;
        if (Number.isFinite(v)) {
          sum += v;
          k++;
        }
      }
      out.push(k ? sum / k : NaN);
    }
    return out;
  }
  if (n === 1) return new Array<number>(columns).fill(values[0]!);
  const out: number[] = [];
  for (let c = 0; c < columns; c++) {
    const t = (c * (n - 1)) / (columns - 1);
    const i = Math.min(n - 2, Math.floor(t));
    const f = t - i;
    out.push(values[i]! * (1 - f) + values[i + 1]! * f);
  }
  return out;
}

/** One line of block characters (▁▂▃▄▅▆▇█) scaled to min..max; non-finite values are blanks. */
export function sparkline(values: ArrayLike<number>, { width }: { width?: number } = {}): string {
  const v = width !== undefined && values.length > width ? resample(values, width) : Array.from(values);
  const e = finiteExtent(v);
  if (!e) return ' '.repeat(v.length);
  const [lo, hi] = e;
  return v
    .map((x) => {
      if (!Number.isFinite(x)) return ' ';
      if (hi === lo) return SPARK[3]!;
      return SPARK[Math.min(7, Math.max(0, Math.round(((x - lo) / (hi - lo)) * 7)))]!;
    })
    .join('');
}

/** About 4 significant digits, exponent notation when tiny or huge. */
function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a < 1e-3 || a >= 1e6) return v.toExponential(2);
  if (a >= 1000) return v.toFixed(0);
  return Number(v.toPrecision(3)).toString();
}

export interface AsciiChartOptions {
  /** Rows of the plot area (default 8). */
  height?: number;
  /** Columns of the plot area (default 60). */
  width?: number;
  /** Logarithmic y axis (non-positive values are dropped). */
  logY?: boolean;
  /** 'area' (default: block elements, every monospace font has them) or 'line' (braille dots, 2×4 per cell). */
  style?: 'area' | 'line';
  /** Values for the two ends of the x axis (default: 0 and values.length − 1). */
  xRange?: [number, number];
  /** A heading line above the chart. */
  title?: string;
}

/**
 * A multi-line chart of a series (e.g. the loss per batch or per epoch), with y labels for
 * max / middle / min and an x axis labelled at both ends. Long series are averaged into
 * `width` columns; short ones are interpolated.
 */
export function asciiChart(values: ArrayLike<number>, { height = 8, width = 60, logY = false, style = 'area', xRange, title }: AsciiChartOptions = {}): string {
  height = Math.max(2, Math.floor(height));
  width = Math.max(2, Math.floor(width));
  const raw = Array.from(values, (v) => (logY ? (v > 0 ? Math.log10(v) : NaN) : v));
  const e = finiteExtent(raw);
  const lines: string[] = [];
  if (title) lines.push(title);
  if (!e) {
    lines.push('(no finite values)');
    return lines.join('\n');
  }
  let [lo, hi] = e;
  if (hi === lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const unscale = (v: number) => (logY ? 10 ** v : v);

  const grid: string[][] = Array.from({ length: height }, () => new Array<string>(width).fill(' '));
  if (style === 'area') {
    const cols = resample(raw, width);
    cols.forEach((v, c) => {
      if (!Number.isFinite(v)) return;
      const level = Math.max(1, Math.round(((v - lo) / (hi - lo)) * height * 8));
      for (let r = 0; r < height; r++) {
        const fill = Math.min(8, Math.max(0, level - (height - 1 - r) * 8));
        grid[r]![c] = EIGHTHS[fill]!;
      }
    });
  } else {
    const W = width * 2;
    const H = height * 4;
    const cols = resample(raw, W);
    const bits = new Uint8Array(width * height);
    const DOT = [
      [0x01, 0x08],
      [0x02, 0x10],
      [0x04, 0x20],
      [0x40, 0x80],
    ];
    const set = (x: number, y: number) => {
      const cell = Math.floor(y / 4) * width + Math.floor(x / 2);
      bits[cell] = bits[cell]! | DOT[y % 4]![x % 2]!;
    };
    let prev: number | null = null;
    cols.forEach((v, x) => {
      if (!Number.isFinite(v)) {
        prev = null;
        return;
      }
      const y = Math.round((1 - (v - lo) / (hi - lo)) * (H - 1));
      if (prev === null) {
        set(x, y);
      } else {
        // Join to the previous column: the vertical run is split between the two columns.
        const mid = (prev + y) / 2;
        const [a, b] = y < prev ? [y, Math.floor(mid)] : [Math.ceil(mid), y];
        for (let yy = Math.min(a, b); yy <= Math.max(a, b); yy++) set(x, yy);
        if (x > 0) {
          const [c, d] = prev < y ? [prev, Math.floor(mid)] : [Math.ceil(mid), prev];
          for (let yy = Math.min(c, d); yy <= Math.max(c, d); yy++) set(x - 1, yy);
        }
      }
      prev = y;
    });
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const b = bits[r * width + c]!;
        grid[r]![c] = b ? String.fromCharCode(0x2800 + b) : ' ';
      }
    }
  }

  // y labels at the top, middle and bottom rows
  const labelAt = new Map<number, string>([
    [0, fmt(unscale(hi))],
    [height - 1, fmt(unscale(lo))],
  ]);
  if (height >= 5) labelAt.set(Math.floor((height - 1) / 2), fmt(unscale(hi - ((hi - lo) * Math.floor((height - 1) / 2)) / (height - 1))));
  const lw = Math.max(...[...labelAt.values()].map((s) => s.length));
  for (let r = 0; r < height; r++) {
    const label = labelAt.get(r);
    lines.push(`${(label ?? '').padStart(lw)} ${label !== undefined ? '┤' : '│'}${grid[r]!.join('')}`);
  }
  lines.push(`${' '.repeat(lw)} └${'─'.repeat(width)}`);
  const [x0, x1] = xRange ?? [0, Math.max(0, values.length - 1)];
  const left = fmt(x0);
  const right = fmt(x1);
  lines.push(`${' '.repeat(lw + 2)}${left}${' '.repeat(Math.max(1, width - left.length - right.length))}${right}`);
  return lines.join('\n');
}
