/** The explorer's canvas plot: several curves over one x axis, a probe line, a legend of colours. */

export interface Series {
  color: string;
  dashed: boolean;
  values: ArrayLike<number>;
}

/**
 * The y range that shows the shape of the curves: the 2nd to 98th percentile of the finite
 * values (a loss of 16 or a gradient of −10⁷ at ŷ = 0 would flatten everything else), widened a
 * little, including 0 unless the curves sit far from it. Curves leave the plot beyond it.
 */
export function yRange(series: readonly Series[]): [number, number] {
  const all = series.flatMap((s) => Array.from(s.values).filter(Number.isFinite)).sort((a, b) => a - b);
  if (!all.length) return [-1, 1];
  const q = (p: number) => all[Math.min(all.length - 1, Math.floor(p * (all.length - 1)))]!;
  let lo = q(0.02), hi = q(0.98);
  // 0 is in view unless the curves sit far from it (a loss near 16 at ŷ ≈ 0: show its shape)
  if (lo > 0 && lo < hi / 2) lo = 0;
  if (hi < 0 && hi > lo / 2) hi = 0;
  if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
  const pad = 0.08 * (hi - lo);
  return [lo - pad, hi + pad];
}

/** The plot's left and right margins in CSS pixels (the page maps the mouse to x with them). */
export const PLOT_LEFT = 56, PLOT_RIGHT = 12;

export function drawCurves(canvas: HTMLCanvasElement, xs: ArrayLike<number>, series: readonly Series[], opts: { xLabel: string; yLabel: string; probe: number }): void {
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  canvas.width = Math.round(w * ratio);
  canvas.height = Math.round(h * ratio);
  const g = canvas.getContext('2d')!;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, w, h);
  g.font = '12px system-ui, sans-serif';
  const pad = { l: PLOT_LEFT, r: PLOT_RIGHT, t: 10, b: 30 };
  const x0 = xs[0]!, x1 = xs[xs.length - 1]!;
  const [y0, y1] = yRange(series);
  const px = (x: number) => pad.l + ((x - x0) / (x1 - x0)) * (w - pad.l - pad.r);
  // no clamping: the clip rectangle cuts a curve that leaves the range (a flat line at the edge would read as a saturating loss)
  const py = (y: number) => Math.max(-1e5, Math.min(1e5, pad.t + (1 - (y - y0) / (y1 - y0)) * (h - pad.t - pad.b)));

  // axes, ticks, the zero lines
  g.strokeStyle = '#d0d7de';
  g.lineWidth = 1;
  g.fillStyle = '#57606a';
  for (const t of ticks(y0, y1)) {
    g.beginPath(); g.moveTo(pad.l, py(t)); g.lineTo(w - pad.r, py(t)); g.stroke();
    g.fillText(fmtTick(t), 4, py(t) + 4);
  }
  for (const t of ticks(x0, x1)) {
    g.beginPath(); g.moveTo(px(t), pad.t); g.lineTo(px(t), h - pad.b); g.stroke();
    const text = fmtTick(t);
    g.fillText(text, Math.min(px(t) - 8, w - pad.r - g.measureText(text).width), h - pad.b + 14);
  }
  g.strokeStyle = '#8c959f';
  if (y0 <= 0 && y1 >= 0) { g.beginPath(); g.moveTo(pad.l, py(0)); g.lineTo(w - pad.r, py(0)); g.stroke(); }
  g.fillStyle = '#24292f';
  g.fillText(opts.xLabel, w - pad.r - g.measureText(opts.xLabel).width, h - 4);
  g.fillText(opts.yLabel, pad.l + 6, pad.t + 12);

  g.save();
  g.beginPath();
  g.rect(pad.l, pad.t, w - pad.l - pad.r, h - pad.t - pad.b);
  g.clip();
  for (const s of series) {
    g.strokeStyle = s.color;
    g.lineWidth = 2;
    g.setLineDash(s.dashed ? [6, 4] : []);
    g.beginPath();
    let pen = false;
    for (let i = 0; i < xs.length; i++) {
      const v = s.values[i]!;
      if (!Number.isFinite(v)) { pen = false; continue; }
      if (pen) g.lineTo(px(xs[i]!), py(v)); else g.moveTo(px(xs[i]!), py(v));
      pen = true;
    }
    g.stroke();
  }
  g.setLineDash([4, 3]);
  g.strokeStyle = '#24292f';
  g.lineWidth = 1;
  g.beginPath(); g.moveTo(px(opts.probe), pad.t); g.lineTo(px(opts.probe), h - pad.b); g.stroke();
  g.restore();
}

function ticks(lo: number, hi: number): number[] {
  const step = 10 ** Math.floor(Math.log10((hi - lo) / 4));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => (hi - lo) / s <= 6)!;
  const out: number[] = [];
  for (let t = Math.ceil(lo / nice) * nice; t <= hi + 1e-12; t += nice) out.push(Math.abs(t) < 1e-12 ? 0 : t);
  return out;
}

const fmtTick = (t: number) => (Math.abs(t) >= 1e4 || (t !== 0 && Math.abs(t) < 1e-3) ? t.toExponential(0) : String(Number(t.toPrecision(3))));
