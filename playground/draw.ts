/** Canvas plots of the page: the loss curve, a decision boundary, a 1-D fit. */

export const classColors = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728'];
const fills = [[31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40]];

/** A 2-D context sized for the screen's pixel ratio, cleared, in CSS pixels. */
function context(canvas: HTMLCanvasElement): { g: CanvasRenderingContext2D; w: number; h: number } {
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * ratio)) canvas.width = Math.round(w * ratio);
  if (canvas.height !== Math.round(h * ratio)) canvas.height = Math.round(h * ratio);
  const g = canvas.getContext('2d')!;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, w, h);
  g.font = '12px system-ui, sans-serif';
  return { g, w, h };
}

/** The loss per step, log-scaled when it spans more than a decade. */
export function drawLossCurve(canvas: HTMLCanvasElement, history: readonly number[]): void {
  const { g, w, h } = context(canvas);
  const pad = { l: 52, r: 12, t: 12, b: 26 };
  g.strokeStyle = '#999';
  g.strokeRect(pad.l, pad.t, w - pad.l - pad.r, h - pad.t - pad.b);
  const finite = history.filter(Number.isFinite);
  g.fillStyle = '#333';
  g.fillText('step', w - pad.r - 28, h - 8);
  if (finite.length < 2) {
    g.fillText('press Train (t)', pad.l + 12, pad.t + 20);
    return;
  }
  let lo = Math.min(...finite), hi = Math.max(...finite);
  const log = lo > 0 && hi / lo > 10;
  const f = (v: number) => (log ? Math.log10(v) : v);
  lo = f(lo);
  hi = f(hi);
  if (hi - lo < 1e-12) hi = lo + 1;
  const px = (i: number) => pad.l + (i / (history.length - 1)) * (w - pad.l - pad.r);
  const py = (v: number) => pad.t + (1 - (f(v) - lo) / (hi - lo)) * (h - pad.t - pad.b);
  g.fillText((log ? 10 ** hi : hi).toPrecision(3), 4, pad.t + 10);
  g.fillText((log ? 10 ** lo : lo).toPrecision(3), 4, h - pad.b);
  if (log) g.fillText('log', 4, h / 2);
  g.strokeStyle = '#1f77b4';
  g.lineWidth = 1.5;
  g.beginPath();
  history.forEach((v, i) => (i ? g.lineTo(px(i), py(v)) : g.moveTo(px(i), py(v))));
  g.stroke();
}

/**
 * Classification: the predicted class on a grid (scores [nx·ny, C] or one logit per cell), lighter
 * where the model is less sure, with the training points on top.
 */
export function drawBoundary(canvas: HTMLCanvasElement, scores: ArrayLike<number>, width: number, nx: number, ny: number,
  bounds: readonly number[], x: ArrayLike<number>, labels: ArrayLike<number>): void {
  const { g, w, h } = context(canvas);
  const img = new ImageData(nx, ny);
  for (let k = 0; k < nx * ny; k++) {
    let cls = 0, conf = 0;
    if (width === 1) {
      const p = 1 / (1 + Math.exp(-scores[k]!));
      cls = p > 0.5 ? 1 : 0;
      conf = Math.abs(p - 0.5) * 2;
    } else {
      let best = -Infinity, sum = 0;
      for (let c = 0; c < width; c++) if (scores[k * width + c]! > best) { best = scores[k * width + c]!; cls = c; }
      for (let c = 0; c < width; c++) sum += Math.exp(scores[k * width + c]! - best);
      conf = (1 / sum - 1 / width) / (1 - 1 / width);
    }
    const a = 0.15 + 0.45 * conf;
    const [r, gg, b] = fills[cls % fills.length]!;
    img.data.set([255 - a * (255 - r!), 255 - a * (255 - gg!), 255 - a * (255 - b!), 255], 4 * k);
  }
  const tile = document.createElement('canvas');
  tile.width = nx;
  tile.height = ny;
  tile.getContext('2d')!.putImageData(img, 0, 0);
  g.imageSmoothingEnabled = true;
  g.drawImage(tile, 0, 0, w, h);
  const [x0, x1, y0, y1] = bounds as [number, number, number, number];
  for (let i = 0; i < labels.length; i++) {
    g.fillStyle = classColors[labels[i]! % classColors.length]!;
    g.beginPath();
    g.arc(((x[2 * i]! - x0) / (x1 - x0)) * w, ((y1 - x[2 * i + 1]!) / (y1 - y0)) * h, 3, 0, 2 * Math.PI);
    g.fill();
    g.strokeStyle = '#fff';
    g.stroke();
  }
}

/** Regression: the points and the model's curve. */
export function drawFit(canvas: HTMLCanvasElement, x: ArrayLike<number>, y: ArrayLike<number>, xs: ArrayLike<number>, fit: ArrayLike<number>): void {
  const { g, w, h } = context(canvas);
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < x.length; i++) {
    x0 = Math.min(x0, x[i]!); x1 = Math.max(x1, x[i]!); y0 = Math.min(y0, y[i]!); y1 = Math.max(y1, y[i]!);
  }
  const px = (v: number) => 10 + ((v - x0) / (x1 - x0)) * (w - 20);
  const py = (v: number) => 10 + ((y1 - v) / (y1 - y0)) * (h - 20);
  g.fillStyle = '#1f77b4';
  for (let i = 0; i < x.length; i++) {
    g.beginPath();
    g.arc(px(x[i]!), py(y[i]!), 3, 0, 2 * Math.PI);
    g.fill();
  }
  g.strokeStyle = '#d62728';
  g.lineWidth = 2;
  g.beginPath();
  for (let i = 0; i < xs.length; i++) (i ? g.lineTo(px(xs[i]!), py(fit[i]!)) : g.moveTo(px(xs[i]!), py(fit[i]!)));
  g.stroke();
}
