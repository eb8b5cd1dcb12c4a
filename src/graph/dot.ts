import type { Tensor } from '../tensor/tensor.js';
import { graphOf, type GraphValue, type Node } from '../autograd/tape/node.js';
import { checkOptions, oneOf, type OptionSpec } from '../tensor/options.js';
import { collectNodes, norm, paramNames, scalarOperand, scopePath, type ParamSource } from './walk.js';

export interface DotOptions {
  /** Names for the parameter leaves: a Module, `model.namedParameters()`, or a record of tensors. */
  params?: ParamSource;
  /**
   * Annotate each leaf and node with the Euclidean norm of its `.grad`: after a plain backward()
   * (which keeps the graph's structure and frees only what the VJPs saved), every parameter has
   * one, and a node has one when retainGrads() marked it before backward. NaN/Inf is drawn in red.
   */
  grads?: boolean;
  /**
   * Draw scopes as one node each: `true` collapses every outermost scope (the model and each
   * loss), a list collapses the scopes with those names or full paths ('MLP/layers.0').
   */
  collapse?: boolean | readonly string[];
  /** Graphviz rankdir: 'TB' (default, inputs at the top) or 'LR' (inputs on the left). */
  rankdir?: 'TB' | 'LR' | 'BT' | 'RL';
  /**
   * Tag what is drawn with SVG classes, so a page can find a tape node in Graphviz's SVG (the
   * backward step-through): `t<id>` on the node of tape node #id (a collapsed box carries the tags
   * of all its nodes), `e<id>_<i>` on the edge into input i of node #id, `i<id>_<i>` on a leaf
   * used as input i of node #id. Default false.
   */
  tags?: boolean;
}

const dotOptions = {
  params: 'any', grads: 'bool', tags: 'bool', rankdir: oneOf('TB', 'LR', 'BT', 'RL'),
  collapse: { want: 'true, false or an array of scope names', ok: (v) => typeof v === 'boolean' || (Array.isArray(v) && v.every((s) => typeof s === 'string')) },
} satisfies OptionSpec;

type Item = { id: string; attrs: string };

const RED = '#d62728';
const fills = ['#f4f6fb', '#e8edf7', '#dde4f2'];

/**
 * Graphviz DOT for the graph behind `t`. Every scope (each loss, each module layer, each user
 * `scope()`) is a `subgraph cluster` labelled with its name, nested as the scopes were; op nodes
 * show the op, output shape and dtype; parameters show their names; constants show their value
 * (one-element or broadcast scalars) or their shape. Ids follow the nodes' creation order (leaves
 * in order of first use), so the same computation always gives the same text. Works before and
 * after backward(). The library lays nothing out: render the text with Graphviz (`dot -Tsvg`, or
 * a wasm build of it in JS).
 *
 * @example
 * toDot(losses.mse(model.forward(x), y), { params: model })
 * // digraph tapegrad { ... subgraph cluster_0 { label="MLP"; ... } ... }
 */
export function toDot(t: Tensor, opts: DotOptions = {}): string {
  checkOptions('toDot', opts, dotOptions);
  const nodes = collectNodes(t);
  const names = paramNames(opts.params);
  const gradLine = (x: GraphValue): { text: string; bad: boolean } | null => {
    if (!opts.grads || !x.grad) return null;
    const n = norm(x.grad);
    return { text: `‖∇‖ ${fmt(n)}`, bad: !Number.isFinite(n) };
  };

  // A node inside a collapsed scope is drawn as that scope's node, keyed by the scope's path.
  const groupOf = new Map<Node<any>, string>();
  const groupOut = new Map<string, Node<any>>();
  for (const node of nodes) {
    const path = scopePath(node);
    for (let d = 1; d <= path.length; d++) {
      const prefix = path.slice(0, d).join('/');
      if (opts.collapse === true ? d === 1 : Array.isArray(opts.collapse) && (opts.collapse.includes(prefix) || opts.collapse.includes(path[d - 1]!))) {
        groupOf.set(node, prefix);
        groupOut.set(prefix, node); // the latest node of the scope is its output
        break;
      }
    }
  }

  const ids = new Map<Node<any> | string | GraphValue, string>();
  const placed = new Map<string, Item[]>(); // scope path ('' = top level) → what is drawn in it
  const place = (scopeKey: string, item: Item): void => {
    if (!placed.has(scopeKey)) placed.set(scopeKey, []);
    placed.get(scopeKey)!.push(item);
  };
  const parentScope = (path: string): string => path.split('/').slice(0, -1).join('/');
  const idOf = (node: Node<any>): string => ids.get(groupOf.get(node) ?? node)!;

  const tags = new Map<string, string[]>(); // drawn id → its classes (with opts.tags)
  const tag = (id: string, name: string): void => {
    if (!opts.tags) return;
    const list = tags.get(id);
    if (list) list.push(name);
    else tags.set(id, [name]);
  };
  let n = 0;
  for (const node of nodes) {
    const group = groupOf.get(node);
    if (group !== undefined) {
      if (ids.has(group)) continue;
      ids.set(group, `g${n++}`);
      continue;
    }
    ids.set(node, `n${n++}`);
    const { out } = graphOf(node);
    place(node.scope ?? '', { id: ids.get(node)!, attrs: nodeAttrs([node.op, describe(out)], gradLine(out), node === t.node) });
  }
  for (const [group, last] of groupOut) {
    const { out } = graphOf(last);
    place(parentScope(group), { id: ids.get(group)!, attrs: nodeAttrs([group.split('/').pop()!, describe(out)], gradLine(out), last === t.node, true) });
  }

  // Leaves, in order of first use, drawn in the innermost scope shared by all their consumers. A
  // constant used inside a collapsed scope is part of that scope's box and is not drawn; a JS
  // number operand kept as an op's param is drawn like a constant input of that op.
  const leafAt = new Map<GraphValue, string[]>();
  const edges = new Map<string, string[]>();
  const edge = (src: string, dst: string, name?: string): void => {
    const key = `${src} -> ${dst}`;
    const list = edges.get(key) ?? [];
    if (name !== undefined && opts.tags) list.push(name);
    edges.set(key, list);
  };
  for (const node of nodes) {
    const dst = idOf(node);
    tag(dst, `t${node.id}`);
    const group = groupOf.get(node);
    const where = group !== undefined ? parentScope(group).split('/').filter(Boolean) : scopePath(node);
    const scalar = group === undefined ? scalarOperand(node) : null;
    if (scalar) {
      const id = `c${n++}`;
      place(node.scope ?? '', { id, attrs: `label=${quote(fmt(scalar.value))}, shape=plain, fontcolor="#555555"` });
      edge(id, dst);
    }
    graphOf(node).inputs.forEach((input, i) => {
      if (input.node) {
        const src = idOf(input.node);
        if (src !== dst) edge(src, dst, `e${node.id}_${i}`);
        return;
      }
      if (group !== undefined && !input.requiresGrad) return;
      const prev = leafAt.get(input);
      leafAt.set(input, prev ? commonPrefix(prev, where) : where);
      if (!ids.has(input)) ids.set(input, `${input.requiresGrad ? 'p' : 'c'}${n++}`);
      edge(ids.get(input)!, dst, `e${node.id}_${i}`);
      tag(ids.get(input)!, `i${node.id}_${i}`);
    });
  }
  for (const [leaf, path] of leafAt) {
    const name = names.get(leaf);
    const attrs = leaf.requiresGrad
      ? nodeAttrs([name ?? 'leaf', describe(leaf)], gradLine(leaf), false, false, name ? '#cfe3f7' : '#e4eefa')
      : constAttrs(leaf);
    place(path.join('/'), { id: ids.get(leaf)!, attrs });
  }

  const lines = ['digraph tapegrad {', `  rankdir=${opts.rankdir ?? 'TB'};`,
    '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica", fontsize=10];',
    '  edge [color="#555555", arrowsize=0.6];'];
  for (const items of placed.values()) for (const item of items) if (tags.has(item.id)) item.attrs += `, class="${[...new Set(tags.get(item.id))].join(' ')}"`;
  // Graphviz flips cluster labels with rankdir=BT: 'b' keeps them at the visual top.
  emitScope('', 1, lines, placed, { next: 0, labelloc: opts.rankdir === 'BT' ? 'b' : 't' });
  lines.push(...[...edges].map(([e, names]) => `  ${e}${names.length ? ` [class="${names.join(' ')}"]` : ''};`), '}');
  return lines.join('\n') + '\n';
}

/** Writes the items of a scope, then each child scope as a nested cluster (in first-seen order). */
function emitScope(path: string, depth: number, lines: string[], placed: Map<string, Item[]>, counter: { next: number; labelloc: string }): void {
  const pad = '  '.repeat(depth);
  for (const item of placed.get(path) ?? []) lines.push(`${pad}${item.id} [${item.attrs}];`);
  const children = [...new Set([...placed.keys()].filter((k) => k !== path && k.startsWith(path ? `${path}/` : ''))
    .map((k) => k.slice(path ? path.length + 1 : 0).split('/')[0]!))];
  for (const name of children) {
    const child = path ? `${path}/${name}` : name;
    lines.push(`${pad}subgraph cluster_${counter.next++} {`);
    lines.push(`${pad}  label=${quote(name)}; labelloc="${counter.labelloc}"; style="rounded,filled"; fillcolor="${fills[(depth - 1) % fills.length]}"; color="#8a94a6"; fontname="Helvetica-Bold"; fontsize=11;`);
    emitScope(child, depth + 1, lines, placed, counter);
    lines.push(`${pad}}`);
  }
}

function nodeAttrs(label: string[], grad: { text: string; bad: boolean } | null, isRoot: boolean, collapsed = false, fill?: string): string {
  const parts = [`label=${quote([...label, ...(grad ? [grad.text] : [])].join('\n'))}`];
  if (fill) parts.push(`fillcolor="${fill}"`);
  if (collapsed) parts.push('shape=box3d', 'style=filled', 'fillcolor="#fdf1d8"');
  if (isRoot) parts.push('penwidth=2');
  if (grad?.bad) parts.push(`color="${RED}"`, `fontcolor="${RED}"`);
  return parts.join(', ');
}

/** A constant: its value when it is one number (broadcast or not), else its shape (a freed graph keeps only that). */
function constAttrs(x: GraphValue): string {
  const t = 'data' in x ? (x as Tensor) : null;
  const scalar = t !== null && (t.size === 1 || (t.size > 0 && t.data.stride.every((s) => s === 0)));
  const label = scalar ? fmt(t.data.data[t.data.offset] as number) + (t.ndim ? ` → [${t.shape.join(',')}]` : '') : `const\n${describe(x)}`;
  return `label=${quote(label)}, shape=plain, fontcolor="#555555"`;
}

const describe = (x: GraphValue): string => `[${x.shape.join(',')}] ${x.dtype}`;

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e4 ? String(Number(v.toPrecision(4))) : v.toExponential(2);
}

function commonPrefix(a: readonly string[], b: readonly string[]): string[] {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
