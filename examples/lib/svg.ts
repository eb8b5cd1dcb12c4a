/**
 * Tiny SVG charts with no dependencies: line charts (loss curves, optionally log-scaled),
 * scatter plots with fitted lines and shaded bands, and 2-D decision boundaries.
 * Each function returns the SVG document as a string; `writeSvg` saves it (default folder
 * examples/out/, created as needed).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

/** Tableau 10: distinguishable, prints well, fine for most colour-vision deficiencies. */
export const PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f',
  '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
] as const;

export interface LineSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color?: string;
  /** Dashed stroke. */
  dashed?: boolean;
}

export interface ScatterSeries {
  name: string;
  points: ArrayLike<readonly [number, number]>;
  color?: string;
}

export interface Band {
  name: string;
  x: ArrayLike<number>;
  lo: ArrayLike<number>;
  hi: ArrayLike<number>;
  color?: string;
}

export interface ChartSize {
  /** Default 640. */
  width?: number;
  /** Default 400. */
  height?: number;
}

export interface LineChartOptions extends ChartSize {
  title: string;
  xLabel?: string;
  yLabel?: string;
  series: LineSeries[];
  /** Logarithmic y axis (non-positive values are left out). */
  logY?: boolean;
}

export interface ScatterChartOptions extends ChartSize {
  title: string;
  xLabel?: string;
  yLabel?: string;
  series: ScatterSeries[];
  /** Drawn on top of the points (e.g. fitted lines). */
  lines?: LineSeries[];
  /** Shaded regions between lo and hi, drawn under the points (e.g. a quantile band). */
  bands?: Band[];
}

export interface DecisionBoundaryOptions extends ChartSize {
  title: string;
  xLabel?: string;
  yLabel?: string;
  /**
   * Model output on a grid: `values[iy][ix]` is P(class 1) at (xs[ix], ys[iy]), so
   * `values.length === ys.length` and every row has `xs.length` entries.
   */
  grid: { xs: ArrayLike<number>; ys: ArrayLike<number>; values: ArrayLike<ArrayLike<number>> };
  points: ArrayLike<{ x: number; y: number; label: number }>;
  /** Legend names per label (default "class 0", "class 1", ...). */
  classNames?: string[];
  /** Probability at which to draw the boundary line (default 0.5). */
  level?: number;
}

// ---------------------------------------------------------------------------------------------
// Numbers and ticks

/** About `count` round tick values (steps of 1, 2 or 5 × 10^k) inside [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  if (min > max) [min, max] = [max, min];
  const step = niceStep((max - min) / Math.max(1, count));
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(cleanFloat(i * step));
  return ticks;
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

function cleanFloat(v: number): number {
  return Math.abs(v) < 1e-12 ? 0 : Number(v.toPrecision(12));
}

const MINUS = '\u2212';
const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
};

/**
 * A tick label for `v` on an axis whose ticks are `step` apart: no float noise, k/M suffixes
 * for large values, exponents when tiny. `ref` (default |v|) is the largest |tick| on the axis,
 * so that one axis uses one notation throughout ("8000, 10000" rather than "8000, 10k").
 */
export function formatTick(v: number, step: number, ref = Math.abs(v)): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  const s = Math.abs(step) || a || 1;
  const exponent = (ref < 1e-3 && ref > 0) || ref >= 1e9;
  if (a < s * 1e-9) return ref >= 1e4 || exponent ? '0' : (0).toFixed(decimalsFor(s));
  let text: string;
  if (exponent) {
    const digits = Math.max(0, Math.min(6, Math.floor(Math.log10(a)) - Math.floor(Math.log10(s))));
    text = v.toExponential(digits).replace(/\.?0+e/, 'e').replace('e+', 'e');
  } else if (ref >= 1e6 && s >= 1e5) {
    text = trimZeros((v / 1e6).toFixed(decimalsFor(s / 1e6))) + 'M';
  } else if (ref >= 1e4 && s >= 100) {
    text = trimZeros((v / 1e3).toFixed(decimalsFor(s / 1e3))) + 'k';
  } else {
    text = v.toFixed(decimalsFor(s));
  }
  return text.replace('-', MINUS);
}

/** Labels for a whole axis of evenly spaced ticks. */
export function formatTicks(ticks: number[]): string[] {
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : Math.abs(ticks[0] ?? 1) || 1;
  const ref = Math.max(0, ...ticks.map(Math.abs));
  return ticks.map((t) => formatTick(t, step, ref));
}

/** Fewest decimals that show every multiple of `step` exactly (0.25 → 2, 0.1 → 1, 5 → 0). */
function decimalsFor(step: number): number {
  let d = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  while (d < 10 && Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) > 1e-6 * step * 10 ** d) d++;
  return d;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

function formatPow10(e: number): string {
  if (e >= -3 && e <= 4) return formatTick(10 ** e, 10 ** Math.min(e, 0));
  return '10' + [...String(e)].map((c) => SUPERSCRIPT[c] ?? c).join('');
}

// ---------------------------------------------------------------------------------------------
// Scales

interface Scale {
  (v: number): number;
  ticks: number[];
  labels: string[];
  minor: number[];
  valid(v: number): boolean;
}

function extent(values: Iterable<number>, positiveOnly = false): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (positiveOnly && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

function linearScale(domain: [number, number], range: [number, number], pad: number, tickCount: number): Scale {
  let [d0, d1] = domain;
  if (d0 === d1) {
    const w = d0 === 0 ? 1 : Math.abs(d0) * 0.1;
    d0 -= w;
    d1 += w;
  }
  const span = d1 - d0;
  d0 -= span * pad;
  d1 += span * pad;
  const [r0, r1] = range;
  const f = ((v: number) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0)) as Scale;
  f.ticks = niceTicks(d0, d1, tickCount);
  f.labels = formatTicks(f.ticks);
  f.minor = [];
  f.valid = Number.isFinite;
  return f;
}

function logScale(domain: [number, number], range: [number, number], pad: number): Scale {
  let l0 = Math.log10(domain[0]);
  let l1 = Math.log10(domain[1]);
  if (l0 === l1) {
    l0 -= 0.5;
    l1 += 0.5;
  }
  const span = l1 - l0;
  l0 -= span * pad;
  l1 += span * pad;
  const [r0, r1] = range;
  const f = ((v: number) => r0 + ((Math.log10(v) - l0) / (l1 - l0)) * (r1 - r0)) as Scale;
  f.valid = (v) => Number.isFinite(v) && v > 0;
  const inside = (v: number) => {
    const lv = Math.log10(v);
    return lv >= l0 - 1e-9 && lv <= l1 + 1e-9;
  };
  const multiples = (ms: number[]) => {
    const out: number[] = [];
    for (let e = Math.floor(l0) - 1; e <= Math.ceil(l1); e++) for (const m of ms) if (inside(m * 10 ** e)) out.push(cleanFloat(m * 10 ** e));
    return out;
  };
  const decadeLabel = (t: number) => formatTick(t, 10 ** Math.floor(Math.log10(t) + 1e-9));
  const decades = multiples([1]);
  if (decades.length >= 4) {
    const every = Math.ceil(decades.length / 8);
    const first = Math.round(Math.log10(decades[0]!));
    f.ticks = decades.filter((t) => (Math.round(Math.log10(t)) - first) % every === 0);
    f.labels = f.ticks.map((t) => formatPow10(Math.round(Math.log10(t))));
  } else {
    const ticks125 = multiples([1, 2, 5]);
    const ticks19 = multiples([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    if (ticks125.length >= 3 || ticks19.length >= 3) {
      f.ticks = ticks125.length >= 3 ? ticks125 : ticks19;
      f.labels = f.ticks.map(decadeLabel);
    } else {
      // A narrow range (less than about a third of a decade): round linear ticks.
      f.ticks = niceTicks(10 ** l0, 10 ** l1, 5).filter((t) => t > 0);
      f.labels = formatTicks(f.ticks);
    }
  }
  if (l1 - l0 <= 6) {
    const major = new Set(f.ticks);
    f.minor = multiples([1, 2, 3, 4, 5, 6, 7, 8, 9]).filter((t) => !major.has(t));
  }
  return f;
}

// ---------------------------------------------------------------------------------------------
// SVG helpers

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const TEXT = '#333';
const MUTED = '#666';
const GRID = '#e6e6e6';
const CHAR_W = 6.6; // average advance at 12px, for layout estimates

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const r1 = (v: number): string => String(Math.round(v * 10) / 10);

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

interface LegendEntry {
  name: string;
  color: string;
  kind: 'line' | 'point' | 'band' | 'dashed';
}

let clipCounter = 0;

/** Left margin wide enough for the y tick labels and the y axis title. */
function leftMargin(labels: string[], yLabel: string | undefined): number {
  const widest = Math.max(0, ...labels.map((l) => l.length));
  return Math.max(48, Math.ceil(widest * CHAR_W + 16 + (yLabel ? 22 : 4)));
}

function frameFor(width: number, height: number, left: number, extraRight = 0, xLabel?: string): Frame {
  return { width, height, left, right: width - 20 - extraRight, top: 44, bottom: height - (xLabel ? 50 : 34) };
}

function axes(fr: Frame, xs: Scale, ys: Scale, title: string, xLabel?: string, yLabel?: string): string {
  const out: string[] = [];
  out.push(`<rect x="0" y="0" width="${fr.width}" height="${fr.height}" fill="#fff"/>`);
  // grid
  const g: string[] = [];
  for (const t of ys.minor) {
    const y = ys(t);
    if (y >= fr.top - 0.5 && y <= fr.bottom + 0.5) g.push(`<line x1="${fr.left}" x2="${fr.right}" y1="${r1(y)}" y2="${r1(y)}" stroke="#f2f2f2"/>`);
  }
  for (const t of ys.ticks) {
    const y = ys(t);
    g.push(`<line x1="${fr.left}" x2="${fr.right}" y1="${r1(y)}" y2="${r1(y)}" stroke="${GRID}"/>`);
  }
  for (const t of xs.ticks) {
    const x = xs(t);
    g.push(`<line x1="${r1(x)}" x2="${r1(x)}" y1="${fr.top}" y2="${fr.bottom}" stroke="${GRID}"/>`);
  }
  out.push(`<g shape-rendering="crispEdges">${g.join('')}</g>`);
  return out.join('\n') + '\n' + axisLabels(fr, xs, ys, title, xLabel, yLabel);
}

function axisLabels(fr: Frame, xs: Scale, ys: Scale, title: string, xLabel?: string, yLabel?: string): string {
  const out: string[] = [];
  // axis lines
  out.push(
    `<g shape-rendering="crispEdges" stroke="#999"><line x1="${fr.left}" x2="${fr.right}" y1="${fr.bottom}" y2="${fr.bottom}"/>` +
      `<line x1="${fr.left}" x2="${fr.left}" y1="${fr.top}" y2="${fr.bottom}"/></g>`,
  );
  // ticks and labels
  const t: string[] = [];
  xs.ticks.forEach((v, i) => {
    const x = r1(xs(v));
    t.push(`<line x1="${x}" x2="${x}" y1="${fr.bottom}" y2="${fr.bottom + 4}" stroke="#999"/>`);
    t.push(`<text x="${x}" y="${fr.bottom + 17}" text-anchor="middle">${escapeXml(xs.labels[i]!)}</text>`);
  });
  ys.ticks.forEach((v, i) => {
    const y = r1(ys(v));
    t.push(`<line x1="${fr.left - 4}" x2="${fr.left}" y1="${y}" y2="${y}" stroke="#999"/>`);
    t.push(`<text x="${fr.left - 7}" y="${y}" dy="0.32em" text-anchor="end">${escapeXml(ys.labels[i]!)}</text>`);
  });
  out.push(`<g fill="${MUTED}" font-size="11">${t.join('')}</g>`);
  out.push(`<text x="${fr.left}" y="26" font-size="15" font-weight="600" fill="${TEXT}">${escapeXml(title)}</text>`);
  if (xLabel) {
    out.push(`<text x="${r1((fr.left + fr.right) / 2)}" y="${fr.bottom + 38}" text-anchor="middle" font-size="12" fill="${TEXT}">${escapeXml(xLabel)}</text>`);
  }
  if (yLabel) {
    const cy = r1((fr.top + fr.bottom) / 2);
    out.push(`<text transform="translate(15 ${cy}) rotate(-90)" text-anchor="middle" font-size="12" fill="${TEXT}">${escapeXml(yLabel)}</text>`);
  }
  return out.join('\n');
}

/**
 * A legend box in the plot corner that covers the fewest data points (`occupied`: pixel
 * positions of the data).
 */
function legend(fr: Frame, entries: LegendEntry[], occupied: Array<[number, number]>): string {
  if (entries.length === 0) return '';
  const rowH = 18;
  const w = Math.ceil(30 + Math.max(...entries.map((e) => e.name.length)) * CHAR_W + 10);
  const h = entries.length * rowH + 8;
  const inset = 8;
  const corners: Array<[number, number]> = [
    [fr.right - w - inset, fr.top + inset],
    [fr.left + inset, fr.top + inset],
    [fr.right - w - inset, fr.bottom - h - inset],
    [fr.left + inset, fr.bottom - h - inset],
  ];
  let best = corners[0]!;
  let bestCount = Infinity;
  for (const c of corners) {
    let count = 0;
    for (const [px, py] of occupied) {
      if (px >= c[0] - 4 && px <= c[0] + w + 4 && py >= c[1] - 4 && py <= c[1] + h + 4) count++;
    }
    if (count < bestCount) {
      bestCount = count;
      best = c;
    }
  }
  const [x0, y0] = best;
  const out: string[] = [
    `<g transform="translate(${r1(x0)} ${r1(y0)})">`,
    `<rect width="${w}" height="${h}" rx="4" fill="#fff" fill-opacity="0.88" stroke="#d0d0d0"/>`,
  ];
  entries.forEach((e, i) => {
    const cy = 4 + rowH * i + rowH / 2;
    if (e.kind === 'point') {
      out.push(`<circle cx="16" cy="${cy}" r="4" fill="${e.color}" stroke="#fff" stroke-width="0.8"/>`);
    } else if (e.kind === 'band') {
      out.push(`<rect x="6" y="${cy - 5}" width="20" height="10" fill="${e.color}" fill-opacity="0.3"/>`);
    } else {
      const dash = e.kind === 'dashed' ? ' stroke-dasharray="5 3"' : '';
      out.push(`<line x1="6" x2="26" y1="${cy}" y2="${cy}" stroke="${e.color}" stroke-width="2.2"${dash}/>`);
    }
    out.push(`<text x="32" y="${cy}" dy="0.32em" font-size="12" fill="${TEXT}">${escapeXml(e.name)}</text>`);
  });
  out.push('</g>');
  return out.join('');
}

function svgDocument(fr: Frame, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fr.width}" height="${fr.height}" viewBox="0 0 ${fr.width} ${fr.height}" ` +
    `font-family="${FONT}">\n${body}\n</svg>\n`
  );
}

function clipRect(fr: Frame): { id: string; def: string } {
  const id = `plot-clip-${++clipCounter}`;
  return {
    id,
    def: `<defs><clipPath id="${id}"><rect x="${fr.left}" y="${fr.top - 2}" width="${fr.right - fr.left}" height="${fr.bottom - fr.top + 4}"/></clipPath></defs>`,
  };
}

/**
 * Path data for a polyline through the valid points; invalid ones (NaN, or ≤ 0 on a log axis)
 * break the line. Long series are thinned per pixel column (first, min, max, last), which keeps
 * the look of noisy curves while keeping files small.
 */
/** A series drawn as an SVG path (dashed if asked), with its legend entry added to `entries`. */
function lineElement(
  line: { name: string; x: ArrayLike<number>; y: ArrayLike<number>; dashed?: boolean },
  color: string, width: number, xs: Scale, ys: Scale, occupied: Array<[number, number]>, entries: LegendEntry[],
): string {
  entries.push({ name: line.name, color, kind: line.dashed ? 'dashed' : 'line' });
  const d = linePath(line.x, line.y, xs, ys, occupied);
  const dash = line.dashed ? ' stroke-dasharray="6 4"' : '';
  return `<path d="${d}" fill="none" stroke="${color}" stroke-width="${width}" stroke-linejoin="round" stroke-linecap="round"${dash}/>`;
}

function linePath(xv: ArrayLike<number>, yv: ArrayLike<number>, xs: Scale, ys: Scale, occupied: Array<[number, number]>): string {
  const n = Math.min(xv.length, yv.length);
  const segments: Array<Array<[number, number]>> = [];
  let cur: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    const x = xv[i]!;
    const y = yv[i]!;
    if (!xs.valid(x) || !ys.valid(y)) {
      if (cur.length) segments.push(cur);
      cur = [];
      continue;
    }
    cur.push([xs(x), ys(y)]);
  }
  if (cur.length) segments.push(cur);
  const parts: string[] = [];
  for (const seg of segments) {
    const pts = seg.length > 1200 ? thin(seg) : seg;
    for (let i = 0; i < pts.length; i += Math.max(1, Math.floor(pts.length / 200))) occupied.push(pts[i]!);
    let d = '';
    let prev = '';
    pts.forEach(([px, py], i) => {
      const c = `${r1(px)},${r1(py)}`;
      if (c === prev) return;
      d += (i === 0 ? 'M' : 'L') + c;
      prev = c;
    });
    if (pts.length === 1) d += `h0.01`;
    parts.push(d);
  }
  return parts.join('');
}

function thin(pts: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = 0;
  while (i < pts.length) {
    const col = Math.round(pts[i]![0]);
    let j = i;
    let lo = i;
    let hi = i;
    while (j < pts.length && Math.round(pts[j]![0]) === col) {
      if (pts[j]![1] < pts[lo]![1]) lo = j;
      if (pts[j]![1] > pts[hi]![1]) hi = j;
      j++;
    }
    const keep = [...new Set([i, Math.min(lo, hi), Math.max(lo, hi), j - 1])];
    for (const k of keep) out.push(pts[k]!);
    i = j;
  }
  return out;
}

function* allValues(...arrays: Array<ArrayLike<number>>): Generator<number> {
  for (const a of arrays) for (let i = 0; i < a.length; i++) yield a[i]!;
}

function requireExtent(e: [number, number] | null, what: string): [number, number] {
  if (!e) throw new Error(`svg: no finite ${what} values to plot`);
  return e;
}

// ---------------------------------------------------------------------------------------------
// Charts

/** Lines over a shared x axis, e.g. loss curves (train/test, or several losses). */
export function lineChart({ title, xLabel, yLabel, series, logY = false, width = 640, height = 400 }: LineChartOptions): string {
  const xDomain = requireExtent(extent(allValues(...series.map((s) => s.x))), 'x');
  const yDomain = requireExtent(extent(allValues(...series.map((s) => s.y)), logY), logY ? 'positive y' : 'y');
  // Two passes: the y labels decide the left margin, which decides the x range.
  const probe = logY ? logScale(yDomain, [0, 1], 0.04) : linearScale(yDomain, [0, 1], 0.05, 6);
  const fr = frameFor(width, height, leftMargin(probe.labels, yLabel), 0, xLabel);
  const xs = linearScale(xDomain, [fr.left, fr.right], 0, Math.max(3, Math.round((fr.right - fr.left) / 90)));
  xs.ticks = xs.ticks.filter((t) => xs(t) >= fr.left - 0.5 && xs(t) <= fr.right + 0.5);
  const ys = logY ? logScale(yDomain, [fr.bottom, fr.top], 0.04) : linearScale(yDomain, [fr.bottom, fr.top], 0.05, 6);
  const clip = clipRect(fr);
  const occupied: Array<[number, number]> = [];
  const entries: LegendEntry[] = [];
  const paths = series.map((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length]!;
    return lineElement(s, color, 2, xs, ys, occupied, entries);
  });
  const body = [
    clip.def,
    axes(fr, xs, ys, title, xLabel, yLabel),
    `<g clip-path="url(#${clip.id})">${paths.join('\n')}</g>`,
    legend(fr, entries, occupied),
  ];
  return svgDocument(fr, body.join('\n'));
}

/** Points per series, optional lines on top and shaded bands underneath. */
export function scatterChart({ title, xLabel, yLabel, series, lines = [], bands = [], width = 640, height = 400 }: ScatterChartOptions): string {
  const pointXs: number[] = [];
  const pointYs: number[] = [];
  for (const s of series) {
    for (let i = 0; i < s.points.length; i++) {
      const p = s.points[i]!;
      pointXs.push(p[0]);
      pointYs.push(p[1]);
    }
  }
  const xDomain = requireExtent(extent(allValues(pointXs, ...lines.map((l) => l.x), ...bands.map((b) => b.x))), 'x');
  const yDomain = requireExtent(extent(allValues(pointYs, ...lines.map((l) => l.y), ...bands.flatMap((b) => [b.lo, b.hi]))), 'y');
  const probe = linearScale(yDomain, [0, 1], 0.05, 6);
  const fr = frameFor(width, height, leftMargin(probe.labels, yLabel), 0, xLabel);
  const xs = linearScale(xDomain, [fr.left, fr.right], 0.04, Math.max(3, Math.round((fr.right - fr.left) / 90)));
  const ys = linearScale(yDomain, [fr.bottom, fr.top], 0.05, 6);
  const clip = clipRect(fr);
  const occupied: Array<[number, number]> = [];
  const entries: LegendEntry[] = [];
  let colorIndex = 0;
  const nextColor = (c: string | undefined): string => c ?? PALETTE[colorIndex++ % PALETTE.length]!;

  const pointColors = series.map((s) => nextColor(s.color));
  const bandColors = bands.map((b) => nextColor(b.color));
  const lineColors = lines.map((l) => nextColor(l.color));

  const bandSvg = bands.map((b, i) => {
    const n = Math.min(b.x.length, b.lo.length, b.hi.length);
    const idx = Array.from({ length: n }, (_, k) => k).filter((k) => Number.isFinite(b.x[k]!) && Number.isFinite(b.lo[k]!) && Number.isFinite(b.hi[k]!));
    idx.sort((a, c) => b.x[a]! - b.x[c]!);
    const upper = idx.map((k) => `${r1(xs(b.x[k]!))},${r1(ys(b.hi[k]!))}`);
    const lower = idx.reverse().map((k) => `${r1(xs(b.x[k]!))},${r1(ys(b.lo[k]!))}`);
    entries.push({ name: b.name, color: bandColors[i]!, kind: 'band' });
    return `<polygon points="${[...upper, ...lower].join(' ')}" fill="${bandColors[i]}" fill-opacity="0.22" stroke="${bandColors[i]}" stroke-opacity="0.5" stroke-width="1"/>`;
  });

  const total = pointXs.length;
  const radius = total > 2000 ? 2 : total > 500 ? 2.6 : 3.4;
  const pointSvg = series.map((s, i) => {
    entries.push({ name: s.name, color: pointColors[i]!, kind: 'point' });
    const c: string[] = [];
    for (let k = 0; k < s.points.length; k++) {
      const [x, y] = s.points[k]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const px = xs(x);
      const py = ys(y);
      occupied.push([px, py]);
      c.push(`<circle cx="${r1(px)}" cy="${r1(py)}" r="${radius}"/>`);
    }
    return `<g fill="${pointColors[i]}" fill-opacity="0.75" stroke="#fff" stroke-width="0.6">${c.join('')}</g>`;
  });

  const lineSvg = lines.map((l, i) => {
    return lineElement(l, lineColors[i]!, 2.2, xs, ys, occupied, entries);
  });

  const body = [
    clip.def,
    axes(fr, xs, ys, title, xLabel, yLabel),
    `<g clip-path="url(#${clip.id})">`,
    ...bandSvg,
    ...pointSvg,
    ...lineSvg,
    `</g>`,
    legend(fr, entries, occupied),
  ];
  return svgDocument(fr, body.join('\n'));
}

// Decision boundary -----------------------------------------------------------------------------

function hexToRgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  const n = parseInt(full, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mixWithWhite(hex: string, amount: number): string {
  const [r, g, b] = hexToRgb(hex);
  const m = (c: number) => Math.round(255 + (c - 255) * amount);
  return `#${[m(r), m(g), m(b)].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Background colour for probability p: class-0 colour → white at 0.5 → class-1 colour. */
function fieldColor(p: number, c0: string, c1: string): string {
  const t = Math.min(1, Math.abs(p - 0.5) * 2);
  return mixWithWhite(p < 0.5 ? c0 : c1, 0.62 * t);
}

const LEVELS = 20;

function uniformGrid(a: ArrayLike<number>): boolean {
  const n = a.length;
  const step = (a[n - 1]! - a[0]!) / (n - 1);
  if (!Number.isFinite(step) || step === 0) return false;
  for (let i = 1; i < n; i++) if (Math.abs(a[i]! - a[i - 1]! - step) > 1e-6 * Math.abs(step) + 1e-12) return false;
  return true;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A minimal RGBA PNG (8 bits per channel) as a data: URI. */
function pngDataUri(width: number, height: number, rgba: Uint8Array): string {
  const chunk = (type: string, data: Uint8Array): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    raw[y * (1 + width * 4)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (1 + width * 4) + 1);
  }
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

/**
 * A classifier's probability field as a tinted background (quantised to 20 levels), the
 * p = `level` contour (marching squares), the labelled points on top, and a colour bar.
 */
export function decisionBoundary({
  title,
  xLabel,
  yLabel,
  grid,
  points,
  classNames,
  level = 0.5,
  width = 640,
  height = 400,
}: DecisionBoundaryOptions): string {
  const { xs: gx, ys: gy, values } = grid;
  const nx = gx.length;
  const ny = gy.length;
  if (nx < 2 || ny < 2) throw new Error('decisionBoundary: the grid needs at least 2 × 2 values');
  if (values.length !== ny || Array.from({ length: ny }, (_, j) => values[j]!.length).some((l) => l !== nx)) {
    throw new Error(`decisionBoundary: values must be ys.length (${ny}) rows of xs.length (${nx}) values: values[iy][ix]`);
  }
  const px: number[] = [];
  const py: number[] = [];
  for (let i = 0; i < points.length; i++) {
    px.push(points[i]!.x);
    py.push(points[i]!.y);
  }
  const xDomain = requireExtent(extent(allValues(gx, px)), 'x');
  const yDomain = requireExtent(extent(allValues(gy, py)), 'y');
  const probe = linearScale(yDomain, [0, 1], 0, 6);
  const colorbarW = 56;
  const fr = frameFor(width, height, leftMargin(probe.labels, yLabel), colorbarW, xLabel);
  const xs = linearScale(xDomain, [fr.left, fr.right], 0, Math.max(3, Math.round((fr.right - fr.left) / 90)));
  const ys = linearScale(yDomain, [fr.bottom, fr.top], 0, 6);
  const c0 = PALETTE[0];
  const c1 = PALETTE[1];
  const clip = clipRect(fr);

  // Cell edges halfway between grid points (sorted grids assumed, either direction).
  const edges = (a: ArrayLike<number>, scale: Scale): number[] => {
    const e: number[] = [];
    const n = a.length;
    e.push(scale(a[0]! - (a[1]! - a[0]!) / 2));
    for (let i = 1; i < n; i++) e.push(scale((a[i - 1]! + a[i]!) / 2));
    e.push(scale(a[n - 1]! + (a[n - 1]! - a[n - 2]!) / 2));
    return e;
  };
  const ex = edges(gx, xs);
  const ey = edges(gy, ys);
  const field = uniformGrid(gx) && uniformGrid(gy) ? rasterField() : rectField();

  /** Regular grid: one PNG pixel per grid point, scaled up (and smoothed) by the renderer. */
  function rasterField(): string {
    const rgba = new Uint8Array(nx * ny * 4);
    const flipY = ys(gy[0]!) > ys(gy[ny - 1]!); // ascending ys: row 0 of the image is the last y
    const flipX = xs(gx[0]!) > xs(gx[nx - 1]!);
    for (let j = 0; j < ny; j++) {
      const row = flipY ? ny - 1 - j : j;
      for (let i = 0; i < nx; i++) {
        const col = flipX ? nx - 1 - i : i;
        const v = values[j]![i]!;
        const o = (row * nx + col) * 4;
        if (!Number.isFinite(v)) continue; // transparent
        const [r, g, b] = hexToRgb(fieldColor(Math.min(1, Math.max(0, v)), c0, c1));
        rgba[o] = r;
        rgba[o + 1] = g;
        rgba[o + 2] = b;
        rgba[o + 3] = 255;
      }
    }
    const x0 = Math.min(ex[0]!, ex[nx]!);
    const y0 = Math.min(ey[0]!, ey[ny]!);
    const w = Math.abs(ex[nx]! - ex[0]!);
    const h = Math.abs(ey[ny]! - ey[0]!);
    return `<image x="${r1(x0)}" y="${r1(y0)}" width="${r1(w)}" height="${r1(h)}" preserveAspectRatio="none" href="${pngDataUri(nx, ny, rgba)}"/>`;
  }

  /** Irregular grid: rectangles, colour quantised to 20 levels, runs of equal colour merged. */
  function rectField(): string {
    const quant = (p: number): number => Math.round(Math.min(1, Math.max(0, p)) * LEVELS);
    const cells: string[] = [];
    for (let j = 0; j < ny; j++) {
      const row = values[j]!;
      const yTop = Math.min(ey[j]!, ey[j + 1]!);
      const h = Math.abs(ey[j + 1]! - ey[j]!);
      let i = 0;
      while (i < nx) {
        const v = row[i]!;
        if (!Number.isFinite(v)) {
          i++;
          continue;
        }
        const q = quant(v);
        let k = i + 1;
        while (k < nx && Number.isFinite(row[k]!) && quant(row[k]!) === q) k++;
        const xa = Math.min(ex[i]!, ex[k]!);
        const w = Math.abs(ex[k]! - ex[i]!);
        cells.push(`<rect x="${r1(xa)}" y="${r1(yTop)}" width="${r1(w + 0.5)}" height="${r1(h + 0.5)}" fill="${fieldColor(q / LEVELS, c0, c1)}"/>`);
        i = k;
      }
    }
    return `<g shape-rendering="crispEdges">${cells.join('')}</g>`;
  }

  // Marching squares for the level set.
  const segs: string[] = [];
  const P = (i: number, j: number): [number, number] => [xs(gx[i]!), ys(gy[j]!)];
  const lerp = (a: [number, number], b: [number, number], va: number, vb: number): [number, number] => {
    const t = va === vb ? 0.5 : (level - va) / (vb - va);
    return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
  };
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      const v00 = values[j]![i]!;
      const v10 = values[j]![i + 1]!;
      const v11 = values[j + 1]![i + 1]!;
      const v01 = values[j + 1]![i]!;
      if (![v00, v10, v11, v01].every(Number.isFinite)) continue;
      const code = (v00 >= level ? 1 : 0) | (v10 >= level ? 2 : 0) | (v11 >= level ? 4 : 0) | (v01 >= level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      const p00 = P(i, j), p10 = P(i + 1, j), p11 = P(i + 1, j + 1), p01 = P(i, j + 1);
      const bottom = () => lerp(p00, p10, v00, v10);
      const right = () => lerp(p10, p11, v10, v11);
      const top = () => lerp(p01, p11, v01, v11);
      const left = () => lerp(p00, p01, v00, v01);
      const pairs: Array<[[number, number], [number, number]]> = [];
      switch (code) {
        case 1: case 14: pairs.push([left(), bottom()]); break;
        case 2: case 13: pairs.push([bottom(), right()]); break;
        case 3: case 12: pairs.push([left(), right()]); break;
        case 4: case 11: pairs.push([right(), top()]); break;
        case 6: case 9: pairs.push([bottom(), top()]); break;
        case 7: case 8: pairs.push([left(), top()]); break;
        case 5: case 10: {
          const centre = (v00 + v10 + v11 + v01) / 4 >= level;
          // 5: corners 00 and 11 high. If the centre is high they connect through it.
          if ((code === 5) === centre) {
            pairs.push([left(), top()], [bottom(), right()]);
          } else {
            pairs.push([left(), bottom()], [right(), top()]);
          }
          break;
        }
      }
      for (const [a, b] of pairs) segs.push(`M${r1(a[0])},${r1(a[1])}L${r1(b[0])},${r1(b[1])}`);
    }
  }

  // Points, coloured by label.
  const labels = [...new Set(Array.from({ length: points.length }, (_, i) => points[i]!.label))].sort((a, b) => a - b);
  const labelColor = (l: number): string => PALETTE[((l % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
  const occupied: Array<[number, number]> = [];
  const radius = points.length > 2000 ? 2.2 : points.length > 500 ? 2.8 : 3.6;
  const byLabel = labels.map((l) => {
    const c: string[] = [];
    for (let i = 0; i < points.length; i++) {
      const p = points[i]!;
      if (p.label !== l || !Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
      const X = xs(p.x);
      const Y = ys(p.y);
      occupied.push([X, Y]);
      c.push(`<circle cx="${r1(X)}" cy="${r1(Y)}" r="${radius}"/>`);
    }
    return `<g fill="${labelColor(l)}" stroke="#fff" stroke-width="0.9">${c.join('')}</g>`;
  });
  const entries: LegendEntry[] = labels.map((l) => ({ name: classNames?.[l] ?? `class ${l}`, color: labelColor(l), kind: 'point' }));
  entries.push({ name: `p = ${level}`, color: '#333', kind: 'line' });

  // Colour bar.
  const cbX = fr.right + 18;
  const cbW = 12;
  const gradId = `${clip.id}-grad`;
  const stops = Array.from({ length: LEVELS + 1 }, (_, k) => {
    const p = 1 - k / LEVELS; // top of the bar is p = 1
    return `<stop offset="${r1((100 * k) / LEVELS)}%" stop-color="${fieldColor(p, c0, c1)}"/>`;
  }).join('');
  const cbTicks = [0, 0.25, 0.5, 0.75, 1]
    .map((p) => {
      const y = r1(fr.bottom - p * (fr.bottom - fr.top));
      return `<line x1="${cbX + cbW}" x2="${cbX + cbW + 3}" y1="${y}" y2="${y}" stroke="#999"/><text x="${cbX + cbW + 6}" y="${y}" dy="0.32em" font-size="10" fill="${MUTED}">${formatTick(p, 0.25)}</text>`;
    })
    .join('');
  const colorbar =
    `<defs><linearGradient id="${gradId}" x1="0" x2="0" y1="0" y2="1">${stops}</linearGradient></defs>` +
    `<rect x="${cbX}" y="${fr.top}" width="${cbW}" height="${fr.bottom - fr.top}" fill="url(#${gradId})" stroke="#ccc" shape-rendering="crispEdges"/>` +
    cbTicks +
    `<text transform="translate(${cbX - 5} ${r1((fr.top + fr.bottom) / 2)}) rotate(-90)" text-anchor="middle" font-size="10" fill="${MUTED}">P(${escapeXml(classNames?.[1] ?? 'class 1')})</text>`;

  const body = [
    clip.def,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`,
    `<g clip-path="url(#${clip.id})">${field}`,
    `<path d="${segs.join('')}" fill="none" stroke="#333" stroke-width="1.6" stroke-linecap="round"/>`,
    ...byLabel,
    `</g>`,
    axisLabels(fr, xs, ys, title, xLabel, yLabel),
    colorbar,
    legend(fr, entries, occupied),
  ];
  return svgDocument(fr, body.join('\n'));
}

// ---------------------------------------------------------------------------------------------
// Files

/**
 * examples/out/ (absolute), next to this file's folder; scripts/example.mjs, which runs a compiled
 * copy from elsewhere, names the real one in TAPEGRAD_EXAMPLES_OUT.
 */
export const OUT_DIR = process.env['TAPEGRAD_EXAMPLES_OUT'] ?? fileURLToPath(new URL('../out/', import.meta.url));

/**
 * Writes an SVG file and returns its absolute path. A bare file name ("loss.svg") goes to
 * examples/out/; a path with a folder is taken relative to the working directory. Missing
 * folders are created.
 */
export function writeSvg(path: string, svg: string): string {
  const target = /[\\/]/.test(path) ? resolve(path) : join(OUT_DIR, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, svg);
  return target;
}
