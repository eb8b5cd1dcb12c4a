/**
 * Turns scopes into ONNX model-local functions. The nodes of one scope call are contiguous (a
 * scope is a dynamic extent), so each level is a run of nodes and of child scope calls; a call's
 * inputs are the values its nodes read but do not make, its outputs those it makes that a later
 * node or the graph reads. Bodies use canonical names (x0.., y0.., t0..), so calls with the same
 * body share one function; a scope name with two different bodies gets a suffix ('mse_2').
 */
import type { ScopeFrame } from '../../autograd/tape/state.js';
import type { OnnxFunction, OnnxNode } from './model.js';

export interface Placed {
  readonly node: OnnxNode;
  /** The scopes (those exported as functions) the node runs in, outermost first. */
  readonly frames: readonly ScopeFrame[];
}

export const domainOf = (f: ScopeFrame): string => (f.kind === 'module' ? 'tapegrad.modules' : 'tapegrad.losses');

export function buildFunctions(all: readonly Placed[], graphOutputs: ReadonlySet<string>, opset: number): { nodes: OnnxNode[]; functions: OnnxFunction[] } {
  const placed = live(all, graphOutputs);
  const lastUse = new Map<string, number>();
  placed.forEach((p, i) => p.node.inputs.forEach((v) => lastUse.set(v, i)));
  for (const v of graphOutputs) lastUse.set(v, Infinity);
  const functions: OnnxFunction[] = [];
  const byKey = new Map<string, OnnxFunction>();
  const callNames = new Set<string>();
  /** Node names must be unique (ONNX Runtime names inlined nodes after their call). */
  const callName = (path: string) => {
    let name = path;
    for (let k = 2; callNames.has(name); k++) name = `${path}#${k}`;
    callNames.add(name);
    return name;
  };

  const level = (from: number, to: number, depth: number): OnnxNode[] => {
    const out: OnnxNode[] = [];
    for (let i = from; i < to;) {
      const frames = placed[i].frames;
      if (frames.length === depth) {
        out.push(placed[i++].node);
        continue;
      }
      const frame = frames[depth];
      let j = i;
      while (j < to && placed[j].frames.length > depth && placed[j].frames[depth].id === frame.id) j++;
      const body = level(i, j, depth + 1);
      const made = new Set<string>(), reads: string[] = [];
      for (let k = i; k < j; k++) {
        for (const v of placed[k].node.inputs) if (v && !made.has(v) && !reads.includes(v)) reads.push(v);
        for (const v of placed[k].node.outputs) made.add(v);
      }
      const outputs = [...made].filter((v) => (lastUse.get(v) ?? -1) >= j);
      const fn = define(frame, body, reads, outputs);
      out.push({ op: fn.name, domain: fn.domain, inputs: reads, outputs, name: callName(frames.slice(0, depth + 1).map((f) => f.name).join('/')) });
      i = j;
    }
    return out;
  };

  const define = (frame: ScopeFrame, body: OnnxNode[], inputs: string[], outputs: string[]): OnnxFunction => {
    const rename = new Map<string, string>();
    inputs.forEach((v, k) => rename.set(v, `x${k}`));
    outputs.forEach((v, k) => rename.set(v, `y${k}`));
    const local = (v: string) => {
      if (!v) return v;
      if (!rename.has(v)) rename.set(v, `t${rename.size - inputs.length - outputs.length}`);
      return rename.get(v)!;
    };
    const nodes = body.map((n) => ({ ...n, inputs: n.inputs.map(local), outputs: n.outputs.map(local) }));
    const domain = domainOf(frame);
    const key = `${frame.name}|${domain}|${inputs.length}|${outputs.length}|${JSON.stringify(nodes, bigints)}`;
    const found = byKey.get(key);
    if (found) return found;
    const taken = functions.filter((f) => f.domain === domain && (f.name === frame.name || f.name.startsWith(`${frame.name}_`))).length;
    const used = [...new Set(nodes.map((n) => n.domain ?? ''))].filter((d) => d !== '');
    const fn: OnnxFunction = {
      name: taken ? `${frame.name}_${taken + 1}` : frame.name,
      domain,
      inputs: inputs.map((_, k) => `x${k}`),
      outputs: outputs.map((_, k) => `y${k}`),
      nodes,
      opsetImports: [['', opset], ...used.map((d) => [d, 1] as const)],
    };
    byKey.set(key, fn);
    functions.push(fn);
    return fn;
  };

  return { nodes: level(0, placed.length, 0), functions };
}

/** The nodes a graph output depends on: input checks that f ran (a loss's range checks) leave no dead nodes. */
function live(placed: readonly Placed[], outputs: ReadonlySet<string>): Placed[] {
  const needed = new Set(outputs), keep: Placed[] = [];
  for (let i = placed.length - 1; i >= 0; i--) {
    const p = placed[i];
    if (!p.node.outputs.some((v) => needed.has(v))) continue;
    p.node.inputs.forEach((v) => needed.add(v));
    keep.push(p);
  }
  return keep.reverse();
}

const bigints = (_: string, v: unknown) =>
  typeof v === 'bigint' ? v.toString() : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number | bigint>, String) : v;
