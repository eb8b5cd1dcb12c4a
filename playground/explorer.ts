/** The loss explorer page: overlays losses and their tape derivatives against the prediction. */
import { axes, curve, defaultOn, defaultOptions, explorerLosses, grid, sliders, type AxisName, type ExplorerLoss, type SliderName } from './explorer-losses.js';
import { drawCurves, PLOT_LEFT, PLOT_RIGHT, type Series } from './plot-curves.js';
import type { LossDoc } from './loss-docs.js';
import type { DType } from 'tapegrad';

/** Filled in at bundle time from the losses' doc comments (serve.ts, loss-docs.ts). */
declare const __LOSS_DOCS__: Record<string, LossDoc>;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const axisEl = $<HTMLSelectElement>('axis');
const targetEl = $<HTMLSelectElement>('target');
const dtypeEl = $<HTMLSelectElement>('dtype');
const rangeEl = $<HTMLSelectElement>('range');
const probeEl = $<HTMLInputElement>('probe');
const colors = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f'];
const POINTS = 401;

const options = defaultOptions();
const on = new Set<ExplorerLoss>();
let drawn = 0;
let last: Map<string, { loss: Float64Array; grad: Float64Array }> = new Map();

for (const [name, a] of Object.entries(axes)) axisEl.add(new Option(a.label, name));

const axis = () => axisEl.value as AxisName;
const shown = () => explorerLosses.filter((l) => l.axis === axis());
const colorOf = (l: ExplorerLoss) => colors[shown().indexOf(l) % colors.length]!;

/** A new prediction kind: its targets, its losses (the default ones on), its sliders, the probe. */
function setAxis(): void {
  const a = axes[axis()];
  targetEl.replaceChildren(...a.targets.map((t) => new Option(t.label, String(t.value))));
  rangeEl.replaceChildren(...a.ranges.map((r, i) => new Option(r.label, String(i))));
  on.clear();
  for (const l of shown()) if (defaultOn[axis()].includes(l.call)) on.add(l);
  const list = $('lossList');
  list.replaceChildren(list.querySelector('legend')!, ...shown().map((l, i) => {
    const label = Object.assign(document.createElement('label'), { className: 'loss' });
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', checked: on.has(l), id: `loss-${i}` });
    box.dataset.call = l.call;
    box.addEventListener('change', () => { if (box.checked) on.add(l); else on.delete(l); fillSliders(); render(); });
    const swatch = Object.assign(document.createElement('span'), { className: `swatch${l.framework === 'tapegrad' ? '' : ' dashed'}` });
    swatch.style.borderTopColor = colorOf(l);
    label.append(box, swatch, l.call);
    return label;
  }));
  fillSliders();
  setRange();
}

/** The probe follows the x range: at ŷ = 0 for probabilities (where the losses differ most), else at ¾. */
function setRange(): void {
  const xs = grid(axis(), POINTS, Number(rangeEl.value));
  Object.assign(probeEl, { min: String(xs[0]), max: String(xs[POINTS - 1]), step: String(xs[1]! - xs[0]!) });
  probeEl.value = String(axis() === 'probability' ? xs[0] : xs[Math.round((POINTS - 1) * 0.75)]);
  $('probeLabel').textContent = axes[axis()].x;
  render();
}

/** A slider for every option one of the checked losses reads. */
function fillSliders(): void {
  const used = new Set(shown().filter((l) => on.has(l)).flatMap((l) => l.options));
  const field = $('sliders');
  const rows = (Object.keys(sliders) as SliderName[]).filter((k) => used.has(k)).map((k) => {
    const s = sliders[k];
    const label = Object.assign(document.createElement('label'), { className: 'slider' });
    const input = Object.assign(document.createElement('input'), { type: 'range', min: String(s.min), max: String(s.max), step: String(s.step), value: String(options[k]), id: `opt-${k}` });
    const out = Object.assign(document.createElement('output'), { textContent: show(k, options[k]) });
    input.addEventListener('input', () => { options[k] = Number(input.value); out.textContent = show(k, options[k]); render(); });
    label.append(s.label, input, out);
    return label;
  });
  const none = Object.assign(document.createElement('p'), { className: 'hint', textContent: 'The checked losses have no option to turn.' });
  field.replaceChildren(field.querySelector('legend')!, ...(rows.length ? rows : [none]));
}

const show = (k: SliderName, v: number) => (k === 'logEps' ? `ε=1e${v}` : String(Number(v.toPrecision(3))));

function render(): void {
  const xs = grid(axis(), POINTS, Number(rangeEl.value));
  const target = Number(targetEl.value);
  const dtype = dtypeEl.value as DType;
  last = new Map();
  const readout: string[][] = [];
  const probe = Number(probeEl.value);
  const at = Math.round(((probe - xs[0]!) / (xs[POINTS - 1]! - xs[0]!)) * (POINTS - 1));
  const lossSeries: Series[] = [], gradSeries: Series[] = [];
  for (const l of shown().filter((x) => on.has(x))) {
    const c = curve(l, xs, target, options, dtype);
    last.set(l.call, c);
    const dashed = l.framework !== 'tapegrad';
    lossSeries.push({ color: colorOf(l), dashed, values: c.loss });
    gradSeries.push({ color: colorOf(l), dashed, values: c.grad });
    readout.push([l.call, num(c.loss[at]!), num(c.grad[at]!)]);
  }
  const x = axes[axis()].x;
  $('probeValue').textContent = num(xs[at]!);
  drawCurves($('lossPlot'), xs, lossSeries, { xLabel: x, yLabel: 'loss', probe: xs[at]! });
  drawCurves($('gradPlot'), xs, gradSeries, { xLabel: x, yLabel: `d loss / d ${x} (from the tape)`, probe: xs[at]! });
  $('lossTitle').textContent = `Loss against ${x} (${targetEl.selectedOptions[0]?.text ?? ''})`;
  $('gradTitle').textContent = `Derivative d loss / d ${x}`;
  const head = document.createElement('tr');
  for (const t of ['loss', 'value', `d/d${x}`]) head.append(Object.assign(document.createElement('th'), { textContent: t }));
  $('readout').replaceChildren(head, ...readout.map((r) => {
    const tr = document.createElement('tr');
    r.forEach((v, i) => tr.append(Object.assign(document.createElement('td'), { textContent: v, className: i ? 'num' : '' })));
    return tr;
  }));
  $('formulas').replaceChildren(...shown().filter((l) => on.has(l)).map((l) => {
    const doc = __LOSS_DOCS__[l.doc];
    const li = document.createElement('li');
    li.append(Object.assign(document.createElement('b'), { textContent: `${l.doc}: ` }), doc?.formula.replace(/`/g, '') ?? '(no formula in its doc comment)');
    if (doc) li.append(document.createElement('br'), Object.assign(document.createElement('span'), { className: 'summary', textContent: doc.summary.replace(/`/g, '') }));
    return li;
  }));
  drawn++;
}

function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(3);
}

axisEl.addEventListener('change', setAxis);
for (const el of [targetEl, dtypeEl]) el.addEventListener('change', render);
rangeEl.addEventListener('change', setRange);
probeEl.addEventListener('input', render);
// the mouse moves the probe too (the plot's x axis spans its width less the margins of plot-curves.ts)
for (const id of ['lossPlot', 'gradPlot']) {
  $(id).addEventListener('mousemove', (e) => {
    const canvas = e.currentTarget as HTMLCanvasElement;
    const f = (e.offsetX - PLOT_LEFT) / (canvas.clientWidth - PLOT_LEFT - PLOT_RIGHT);
    if (f < 0 || f > 1) return;
    probeEl.value = String(Number(probeEl.min) + f * (Number(probeEl.max) - Number(probeEl.min)));
    render();
  });
}
window.addEventListener('resize', render);

/** For the end-to-end test: how many times the plots were drawn, and the curves on them. */
Object.assign(window, {
  explorer: {
    get drawn() { return drawn; },
    curves: () => Object.fromEntries([...last].map(([k, c]) => [k, { loss: Array.from(c.loss), grad: Array.from(c.grad) }])),
  },
});

// explorer.html#probability opens on that prediction kind
function fromHash(): void {
  if (location.hash.slice(1) in axes) axisEl.value = location.hash.slice(1);
  setAxis();
}
window.addEventListener('hashchange', fromHash);
fromHash();
