/**
 * The public surface, derived from the entry points at run time: every function, class and
 * class method reachable from src/index.ts, src/node.ts and src/datasets/index.ts (namespaces such
 * as nn, nn.init, optim, losses, data.sources followed), each under the path a user writes
 * ('nn.init.kaimingUniform', 'nn.MultiheadAttention#forward'). A function reachable under two
 * paths (optim.SGD and SGD) is listed once, with all its paths.
 */
import * as main from '../src/index.js';
import * as node from '../src/node.js';
import * as datasets from '../src/datasets/index.js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Export {
  /** Every path it is reachable under, shortest first. */
  paths: string[];
  fn: Function;
  /** The parameter list as written in the source ('' when it has none). */
  params: string;
  kind: 'function' | 'class' | 'method';
}

const isNamespace = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.prototype.toString.call(v) === '[object Module]';

/** The text between the parentheses that open at `open` (nested brackets and strings skipped). */
function balanced(src: string, open: number): string {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === '\\') i++;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return src.slice(open + 1, i);
    }
  }
  return '';
}

/** The parameter list of a function, an arrow function, a method or a class's constructor. */
export function paramsOf(fn: Function): string {
  const src = Function.prototype.toString.call(fn);
  if (/^class\b/.test(src)) {
    const m = /\bconstructor\s*\(/.exec(src);
    return m ? balanced(src, m.index + m[0].length - 1) : '';
  }
  const arrow = /^(async\s*)?([\w$]+)\s*=>/.exec(src);
  if (arrow) return arrow[2]!;
  const open = src.indexOf('(');
  return open < 0 ? '' : balanced(src, open);
}

export function publicExports(): Export[] {
  const byFn = new Map<Function, Export>();
  const add = (path: string, fn: Function, kind: Export['kind']) => {
    const known = byFn.get(fn);
    if (known) {
      if (!known.paths.includes(path)) known.paths.push(path);
    }
    else byFn.set(fn, { paths: [path], fn, params: paramsOf(fn), kind });
  };
  const walk = (prefix: string, ns: Record<string, unknown>, seen: Set<unknown>) => {
    for (const [name, v] of Object.entries(ns)) {
      if (isNamespace(v)) {
        if (!seen.has(v)) walk(`${prefix}${name}.`, v, new Set([...seen, v]));
      } else if (typeof v === 'function') {
        const isClass = /^class\b/.test(Function.prototype.toString.call(v));
        add(`${prefix}${name}`, v, isClass ? 'class' : 'function');
        if (isClass) {
          // Methods along the prototype chain, each listed under the class that defines it.
          for (let p = v.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
            for (const key of Object.getOwnPropertyNames(p)) {
              const d = Object.getOwnPropertyDescriptor(p, key)!;
              if (key === 'constructor' || typeof d.value !== 'function') continue;
              add(`${prefix}${p.constructor.name}#${key}`, d.value, 'method');
            }
          }
        }
      }
    }
  };
  walk('', main as unknown as Record<string, unknown>, new Set());
  walk('node.', node as unknown as Record<string, unknown>, new Set());
  walk('datasets.', datasets as unknown as Record<string, unknown>, new Set());
  for (const e of byFn.values()) e.paths.sort((a, b) => a.split('.').length - b.split('.').length || a.localeCompare(b));
  return [...byFn.values()];
}

/** Whether a parameter list has an options parameter: one named opts/options, or a destructured object. */
export const hasOptionsParam = (params: string): boolean => /(^|,)\s*(opts|options)\b|(^|,)\s*\{/.test(params);

// ---------------------------------------------------------------- the same surface, read from the source

const src = join(process.cwd(), 'src');

/** Source files of the relative modules a file re-exports (`export ... from './x.js'`), followed through `export *`. */
export function reexportedModules(entry: string, seen = new Set<string>()): Set<string> {
  const text = readFileSync(entry, 'utf8');
  for (const m of text.matchAll(/^export\s+(\*|\*\s+as\s+\w+|(?:type\s+)?\{[^}]*\})\s+from\s+'(\.[^']+)\.js'/gm)) {
    if (/^type\s/.test(m[1]!)) continue;
    const ts = join(dirname(entry), `${m[2]}.ts`);
    if (!existsSync(ts) || seen.has(ts)) continue;
    seen.add(ts);
    if (m[1]!.startsWith('*')) reexportedModules(ts, seen);
  }
  return seen;
}

/** The package's entry points (package.json "exports") that are TypeScript sources, and every module they re-export. */
export const entryFiles = (): string[] => {
  const entries = ['index.ts', 'node.ts', 'datasets/index.ts'].map((f) => join(src, f));
  return [...new Set(entries.flatMap((e) => [e, ...reexportedModules(e)]))];
};

export interface Declaration {
  /** 'toDot', 'Linear' (its constructor), 'MultiheadAttention#forward'. */
  name: string;
  file: string;
  /** The parameter list with its TypeScript types. */
  params: string;
  /** The TSDoc comment right above it ('' when none). */
  doc: string;
}

/** Every exported function, arrow constant, class constructor and public method, as written in src/. */
export function declarations(): Declaration[] {
  const out: Declaration[] = [];
  for (const file of entryFiles()) {
    const text = readFileSync(file, 'utf8');
    const rel = file.slice(src.length + 1);
    const docAbove = (at: number) => {
      const before = text.slice(0, at).trimEnd();
      return before.endsWith('*/') ? before.slice(before.lastIndexOf('/**')) : '';
    };
    for (const m of text.matchAll(/^export\s+(?:async\s+)?function\*?\s+(\w+)\s*(?:<[^(]*)?\(|^export\s+const\s+(\w+)\s*=\s*(?:async\s*)?(?:<[^(]*)?\(/gm)) {
      out.push({ name: (m[1] ?? m[2])!, file: rel, params: balanced(text, m.index! + m[0].length - 1), doc: docAbove(m.index!) });
    }
    for (const m of text.matchAll(/^export\s+(?:abstract\s+)?class\s+(\w+)[^{]*\{/gm)) {
      const body = text.slice(m.index! + m[0].length, text.indexOf('\n}', m.index!));
      const at = m.index! + m[0].length;
      for (const k of body.matchAll(/^ {2}(?:async\s+)?(constructor|[a-z]\w*)\s*(?:<[^(]*)?\(/gm)) {
        const name = k[1] === 'constructor' ? m[1]! : `${m[1]}#${k[1]}`;
        out.push({ name, file: rel, params: balanced(text, at + k.index! + k[0].length - 1), doc: docAbove(at + k.index!) });
      }
    }
  }
  return out;
}

/**
 * Whether a declaration takes an options object, by its TypeScript signature: a parameter named
 * opts/options, a destructured object, an `...Options` type or an inline object type.
 */
export const declaresOptions = (d: Declaration): boolean =>
  hasOptionsParam(d.params) || /\w*Options\b/.test(d.params) || /:\s*(?:Readonly<|Partial<)?\{/.test(d.params);
