/**
 * "Step backward": walks the steps of backwardSteps() (the library's real backward walk) one at a
 * time over the drawn graph. The SVG comes from toDot({ tags: true }), so every drawn node carries
 * the classes t<id> of the tape nodes it stands for, every edge e<id>_<i>, every leaf i<id>_<i>.
 */
import type { BackwardStep, StepTarget, Tensor } from 'tapegrad';

export interface StepperElements {
  info: HTMLElement;
  count: HTMLElement;
  hover: HTMLElement;
  graph: HTMLElement;
}

const MARKS = ['current', 'done', 'traversed', 'active', 'target'];

export class Stepper {
  steps: BackwardStep[] = [];
  index = 0;
  private names = new Map<Tensor, string>();
  private byNode = new Map<number, BackwardStep>();

  constructor(private readonly els: StepperElements) {
    els.graph.addEventListener('mouseover', (e) => this.hover(e.target as Element));
  }

  /** A new walk; keeps the step number when asked (the same walk drawn another way). */
  load(steps: BackwardStep[], names: Map<Tensor, string>, keepIndex = false): void {
    this.steps = steps;
    this.names = names;
    this.byNode = new Map(steps.filter((s) => s.index > 0).map((s) => [s.node!, s]));
    this.go(keepIndex ? this.index : 0);
  }

  get last(): number {
    return this.steps.length - 1;
  }

  go(i: number): void {
    this.index = Math.max(0, Math.min(this.last, i));
    this.describe();
    this.paint();
  }

  /** Every leaf's gradient as it stands after the current step, by parameter name. */
  leafGrads(): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const s of this.steps.slice(0, this.index + 1)) {
      for (const c of s.contributions) if (c.node === null) out[this.label(c)] = Array.from(c.total.contiguousData());
    }
    return out;
  }

  /** Marks the SVG: the current node, the nodes done, the edges traversed, the inputs being added to. */
  paint(): void {
    const svg = this.els.graph.querySelector('svg');
    if (!svg || !this.steps.length) return;
    for (const mark of MARKS) for (const el of [...svg.querySelectorAll(`.${mark}`)]) el.classList.remove(mark);
    const mark = (selector: string, cls: string) => { for (const el of svg.querySelectorAll(selector)) el.classList.add(cls); };
    for (const s of this.steps.slice(1, this.index + 1)) {
      if (s.index < this.index) mark(`.t${s.node}`, 'done');
      for (const c of s.contributions) mark(`.e${s.node}_${c.input}`, s.index === this.index ? 'active' : 'traversed');
    }
    const step = this.steps[this.index]!;
    if (step.node !== null) mark(`.t${step.node}`, 'current');
    for (const c of step.contributions) mark(c.node !== null ? `.t${c.node}` : `.i${step.node}_${c.input}`, 'target');
    svg.querySelector('.current')?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }

  private label(t: StepTarget): string {
    if (t.node !== null) return `#${t.node} ${this.byNode.get(t.node)?.op ?? ''}`.trim();
    return this.names.get(t.tensor) ?? `leaf ${t.leaf}`;
  }

  private describe(): void {
    const s = this.steps[this.index]!;
    this.els.count.textContent = `step ${this.index} of ${this.last}`;
    const rows: [string, string][] = [];
    const head = s.op === 'seed' ? `seed: the root ${s.node === null ? '' : `#${s.node}`} gets d loss/d loss = 1` : `#${s.node} ${s.op}  [${s.shape.join(',')}]${s.scope ? `  in ${s.scope}` : ''}`;
    rows.push(['rule', s.rule]);
    rows.push(['forward y', values(s.output)]);
    const sum = s.from.length > 1 ? `   = the sum of ${s.from.length} contributions (fan-out): ${s.from.map((id) => this.label({ node: id, leaf: null, tensor: s.output })).join(' + ')}` : '';
    rows.push(['incoming g', values(s.incoming) + sum]);
    for (const c of s.contributions) {
      const acc = c.count > 1 ? `   accumulates: contribution ${c.count}, total ‖·‖ ${fmt(norm(c.total))}` : '';
      rows.push([`adds → ${this.label(c)}`, values(c.grad) + acc]);
    }
    if (!s.contributions.length && s.op !== 'seed') rows.push(['adds', 'nothing (no input needs a gradient)']);
    const title = Object.assign(document.createElement('h3'), { textContent: head });
    const table = document.createElement('dl');
    for (const [k, v] of rows) table.append(Object.assign(document.createElement('dt'), { textContent: k }), Object.assign(document.createElement('dd'), { textContent: v }));
    this.els.info.replaceChildren(title, table);
  }

  /** Forward value (and gradient once reached) of the node under the mouse. */
  private hover(target: Element): void {
    const g = target.closest?.('g.node');
    if (!g || !this.steps.length) return;
    const ids = [...g.classList].flatMap((c) => (/^t\d+$/.test(c) ? [Number(c.slice(1))] : []));
    if (ids.length) {
      const s = this.byNode.get(Math.max(...ids))!;
      const reached = s.index <= this.index ? `;  g ${values(s.incoming)}` : ';  g not reached yet';
      this.els.hover.textContent = `#${s.node} ${s.op} [${s.shape.join(',')}]  y ${values(s.output)}${reached}`;
      return;
    }
    const use = [...g.classList].find((c) => /^i\d+_\d+$/.test(c));
    const [node, input] = use ? use.slice(1).split('_').map(Number) : [];
    const x = node !== undefined ? this.byNode.get(node)?.inputs[input!] : undefined;
    if (!x) {
      this.els.hover.textContent = 'a number operand: no gradient flows into it';
      return;
    }
    const name = this.names.get(x) ?? (x.requiresGrad ? 'a leaf' : 'a constant (no gradient)');
    this.els.hover.textContent = `${name} [${x.shape.join(',')}]  value ${values(x)}`;
  }
}

/** A few values and the norm of a tensor. */
function values(t: Tensor, k = 4): string {
  const v = t.contiguousData();
  const shown = Array.from(v.subarray(0, k), (x) => fmt(Number(x))).join(', ');
  return `[${shown}${v.length > k ? ', …' : ''}]  ‖·‖ ${fmt(norm(t))}`;
}

function norm(t: Tensor): number {
  let s = 0;
  for (const x of t.contiguousData()) s += Number(x) * Number(x);
  return Math.sqrt(s);
}

function fmt(v: number): string {
  if (!Number.isFinite(v) || v === 0) return String(v);
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e4 ? String(Number(v.toPrecision(3))) : v.toExponential(2);
}
