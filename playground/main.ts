/** The playground page: wires the controls to a Trainer and draws what it does. */
import { datasets, fits, lossCatalogue, type DatasetName, type LossName } from './catalogue.js';
import { Trainer, type Config, type GraphDetail, type OptimizerName } from './trainer.js';
import { drawBoundary, drawFit, drawLossCurve } from './draw.js';
import { Stepper } from './stepper.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const datasetEl = $<HTMLSelectElement>('dataset');
const lossEl = $<HTMLSelectElement>('loss');
const optionsEl = $<HTMLDivElement>('options');
const trainEl = $<HTMLButtonElement>('train');
const statusEl = $<HTMLParagraphElement>('status');
const checkEl = $<HTMLParagraphElement>('gradcheck');
const graphEl = $<HTMLDivElement>('graph');
const curveEl = $<HTMLCanvasElement>('curve');
const fitEl = $<HTMLCanvasElement>('fit');

const layout = new Worker('./graph-worker.js', { type: 'module' });
let trainer: Trainer;
let running = false;
let graphBusy = false;
let lastGraph = 0;
let lastPlot = 0;
let rate = 0;
/** How many graph SVGs have been drawn (the end-to-end test waits on it). */
let graphsDrawn = 0;
const stepperEl = $<HTMLDivElement>('stepper');
const stepper = new Stepper({ info: $('stepInfo'), count: $('stepCount'), hover: $('hoverInfo'), graph: graphEl });

for (const [name, set] of Object.entries(datasets)) datasetEl.add(new Option(set.label, name));

/** Lists the losses that fit the data set, keeping the current one when it still fits. */
function fillLosses(): void {
  const set = datasets[datasetEl.value as DatasetName];
  const keep = lossEl.value;
  lossEl.replaceChildren();
  for (const [name, def] of Object.entries(lossCatalogue)) {
    if (fits(set, def)) lossEl.add(new Option(name === 'composite' ? 'composite (BCE + dice + weight decay)' : name, name));
  }
  if ([...lossEl.options].some((o) => o.value === keep)) lossEl.value = keep;
}

function fillOptions(): void {
  const def = lossCatalogue[lossEl.value as LossName];
  optionsEl.replaceChildren(...def.options.map((o) => {
    const label = document.createElement('label');
    const input = Object.assign(document.createElement('input'), { type: 'number', min: String(o.min), max: String(o.max), step: String(o.step), value: String(o.default), id: `opt-${o.name}` });
    input.dataset.option = o.name;
    input.addEventListener('change', reset);
    label.append(o.name, input);
    return label;
  }));
  $('formula').textContent = def.formula;
}

function config(): Config {
  const options: Record<string, number> = {};
  for (const input of optionsEl.querySelectorAll<HTMLInputElement>('input')) options[input.dataset.option!] = Number(input.value);
  return {
    dataset: datasetEl.value as DatasetName,
    loss: lossEl.value as LossName,
    options,
    optimizer: $<HTMLSelectElement>('optimizer').value as OptimizerName,
    lr: Number($<HTMLInputElement>('lr').value),
    hidden: Math.max(2, Math.min(64, Math.round(Number($<HTMLInputElement>('hidden').value)) || 16)),
    seed: 0,
  };
}

function reset(): void {
  setRunning(false);
  checkEl.textContent = '';
  try {
    trainer = new Trainer(config());
  } catch (e) {
    statusEl.textContent = String((e as Error).message);
    return;
  }
  $('fitTitle').textContent = datasets[trainer.config.dataset].classes ? 'Decision boundary' : 'Fit';
  step(1, true);
}

function setRunning(on: boolean): void {
  running = on;
  trainEl.textContent = on ? 'Pause' : 'Train';
  trainEl.setAttribute('aria-pressed', String(on));
}

/** Runs `count` steps (the last one with the graph when asked), then redraws. */
function step(count: number, withGraph: boolean): void {
  if (!stepperEl.hidden) leaveStepping();
  const t0 = performance.now();
  let dot: string | undefined;
  try {
    const detail = $<HTMLSelectElement>('detail').value as GraphDetail;
    for (let i = 0; i < count; i++) dot = trainer.step(withGraph && i === count - 1, detail).dot ?? dot;
  } catch (e) {
    setRunning(false);
    statusEl.textContent = `error: ${(e as Error).message}`;
    return;
  }
  const dt = performance.now() - t0;
  rate = rate ? 0.9 * rate + 0.1 * (1000 * count / dt) : 1000 * count / dt;
  if (dot) drawGraph(dot);
  const now = performance.now();
  if (!running || now - lastPlot > 120) {
    lastPlot = now;
    plot();
  }
  const last = trainer.history[trainer.history.length - 1]!;
  statusEl.textContent = `step ${trainer.steps}   loss ${last.toPrecision(4)}   ${rate.toFixed(0)} steps/s`;
}

function plot(): void {
  drawLossCurve(curveEl, trainer.history);
  const x = trainer.x.contiguousData();
  const set = datasets[trainer.config.dataset];
  if (set.classes) {
    const bounds = extent(x);
    const out = trainer.grid(64, 48, bounds);
    drawBoundary(fitEl, out.contiguousData(), out.shape[1]!, 64, 48, bounds, x, trainer.labels.contiguousData());
  } else {
    let lo = Infinity, hi = -Infinity;
    for (const v of x) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const xs = Float32Array.from({ length: 100 }, (_, i) => lo + ((hi - lo) * i) / 99);
    drawFit(fitEl, x, trainer.labels.contiguousData(), xs, trainer.curve(xs));
  }
}

/** [x0, x1, y0, y1] around 2-D points, with a margin. */
function extent(x: ArrayLike<number>): number[] {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < x.length; i += 2) {
    x0 = Math.min(x0, x[i]!); x1 = Math.max(x1, x[i]!); y0 = Math.min(y0, x[i + 1]!); y1 = Math.max(y1, x[i + 1]!);
  }
  const mx = 0.1 * (x1 - x0), my = 0.1 * (y1 - y0);
  return [x0 - mx, x1 + mx, y0 - my, y1 + my];
}

/**
 * Sends the DOT to the layout worker; while it is busy, only the newest DOT waits for it. `then`
 * runs once that DOT's SVG is on the page (the step-through paints it).
 */
type Layout = { dot: string; then?: () => void };
let waiting: Layout | null = null;
let inFlight: Layout | null = null;
function drawGraph(dot: string, then?: () => void): void {
  if (graphBusy) {
    waiting = { dot, then };
    return;
  }
  graphBusy = true;
  inFlight = { dot, then };
  layout.postMessage({ dot });
}

layout.onmessage = ({ data }: MessageEvent<{ svg?: string; error?: string }>) => {
  graphBusy = false;
  if (data.error !== undefined) graphEl.textContent = `Graphviz: ${data.error}`;
  else {
    graphEl.innerHTML = data.svg!;
    graphsDrawn++;
    inFlight?.then?.();
  }
  if (waiting !== null) {
    const next = waiting;
    waiting = null;
    drawGraph(next.dot, next.then);
  }
};

/** Step backward: the current model's loss, walked by backwardSteps, over its tagged graph. */
function enterStepping(keepIndex = false): void {
  setRunning(false);
  let walk: ReturnType<Trainer['walk']>;
  try {
    walk = trainer.walk($<HTMLSelectElement>('detail').value as GraphDetail);
  } catch (e) {
    statusEl.textContent = `step backward: ${(e as Error).message}`;
    return;
  }
  stepperEl.hidden = false;
  graphEl.classList.add('stepping');
  $('stepMode').setAttribute('aria-pressed', 'true');
  $('stepMode').textContent = 'Leave step mode';
  stepper.load(walk.steps, new Map(trainer.model.namedParameters().map(([n, p]) => [p, n])), keepIndex);
  statusEl.textContent = `stepping through backward() of ${trainer.config.loss}: ${walk.steps.length - 1} nodes, loss ${walk.loss.toPrecision(4)}`;
  drawGraph(walk.dot, () => { stepsDrawn++; stepper.paint(); });
}

function leaveStepping(): void {
  stepperEl.hidden = true;
  graphEl.classList.remove('stepping');
  $('stepMode').setAttribute('aria-pressed', 'false');
  $('stepMode').textContent = 'Step backward';
}
let stepsDrawn = 0;

function toggleStepping(): void {
  if (stepperEl.hidden) enterStepping();
  else {
    leaveStepping();
    step(1, true);
  }
}

function frame(): void {
  if (running) {
    // as many steps as fit in ~14 ms; the graph (with gradient norms) about twice a second
    const t0 = performance.now();
    let n = 0;
    const withGraph = t0 - lastGraph > 500;
    if (withGraph) lastGraph = t0;
    while (performance.now() - t0 < 14 && n < 200) {
      step(1, withGraph && n === 0);
      n++;
    }
    plot();
  }
  requestAnimationFrame(frame);
}

function gradientCheck(): void {
  const r = trainer.gradcheck();
  checkEl.className = r.ok ? 'ok' : 'bad';
  checkEl.textContent = `gradcheck ${trainer.config.loss}: ${r.ok ? 'passed' : 'FAILED'} on ${r.entries} entries (float64)\n` +
    `max abs error ${r.maxAbsError.toExponential(2)}, max rel error ${r.maxRelError.toExponential(2)}`;
}

/** Exports the current model and loss with exportOnnx and downloads the .onnx file. */
function downloadOnnx(): void {
  let bytes: Uint8Array;
  try {
    bytes = trainer.onnx();
  } catch (e) {
    statusEl.textContent = `ONNX export: ${(e as Error).message}`;
    return;
  }
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: `tapegrad-${trainer.config.dataset}-${trainer.config.loss}.onnx` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  statusEl.textContent = `exported ${trainer.config.loss} and the MLP as ONNX (${(bytes.length / 1024).toFixed(1)} kB)`;
}

datasetEl.addEventListener('change', () => { fillLosses(); fillOptions(); reset(); });
lossEl.addEventListener('change', () => { fillOptions(); reset(); });
for (const id of ['optimizer', 'lr', 'hidden']) $(id).addEventListener('change', reset);
trainEl.addEventListener('click', () => setRunning(!running));
$('step').addEventListener('click', () => { setRunning(false); step(1, true); });
$('reset').addEventListener('click', reset);
$('check').addEventListener('click', gradientCheck);
$('onnx').addEventListener('click', downloadOnnx);
$('detail').addEventListener('change', () => {
  if (!stepperEl.hidden) enterStepping(true);
  else if (!running) step(1, true);
});
$('stepMode').addEventListener('click', toggleStepping);
$('stepFirst').addEventListener('click', () => stepper.go(0));
$('stepPrev').addEventListener('click', () => stepper.go(stepper.index - 1));
$('stepNext').addEventListener('click', () => stepper.go(stepper.index + 1));
$('stepEnd').addEventListener('click', () => stepper.go(stepper.last));
const stepKeys: Record<string, () => void> = {
  ArrowRight: () => stepper.go(stepper.index + 1), n: () => stepper.go(stepper.index + 1),
  ArrowLeft: () => stepper.go(stepper.index - 1), p: () => stepper.go(stepper.index - 1),
  End: () => stepper.go(stepper.last), e: () => stepper.go(stepper.last), Home: () => stepper.go(0),
  Escape: toggleStepping,
};
document.addEventListener('keydown', (e) => {
  const tag = (e.target as HTMLElement).tagName;
  if (e.ctrlKey || e.metaKey || e.altKey || tag === 'INPUT' || tag === 'SELECT') return;
  const action = (!stepperEl.hidden ? stepKeys[e.key] : undefined)
    ?? ({ t: () => trainEl.click(), s: () => $('step').click(), r: reset, g: gradientCheck, o: downloadOnnx, b: toggleStepping } as Record<string, () => void>)[e.key];
  if (action) { e.preventDefault(); action(); }
});

/** For the end-to-end test and for measuring: state, and a timed run of the moons MLP. */
Object.assign(window, {
  playground: {
    get steps() { return trainer.steps; },
    get history() { return [...trainer.history]; },
    get graphsDrawn() { return graphsDrawn; },
    /** The step-through: how many tagged graphs were drawn, where it is, and the leaf gradients it shows. */
    stepper: {
      get drawn() { return stepsDrawn; },
      get index() { return stepper.index; },
      get last() { return stepper.last; },
      get active() { return !stepperEl.hidden; },
      leafGrads: () => stepper.leafGrads(),
      /** A plain loss.backward() in the page at the same weights, by parameter name. */
      backwardGrads: () => Object.fromEntries([...trainer.backwardGrads()].map(([n, g]) => [n, Array.from(g.contiguousData())])),
    },
    benchmark(steps: number) {
      const t = new Trainer({ dataset: 'moons', loss: 'logitBinaryCrossentropy', options: { posWeight: 1 }, optimizer: 'adam', lr: 0.01, hidden: 16, seed: 0 });
      t.step();
      const t0 = performance.now();
      for (let i = 0; i < steps; i++) t.step();
      return (1000 * steps) / (performance.now() - t0);
    },
  },
});

fillLosses();
fillOptions();
reset();
requestAnimationFrame(frame);
