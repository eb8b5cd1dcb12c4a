/**
 * The layering of src/tensor, src/ops and src/autograd, read from the import statements: no
 * circle of runtime imports among their files (a circle is what made one module see another
 * half-loaded), src/tensor imports neither src/ops nor src/autograd, and the tape
 * (src/autograd/tape: state, node, apply, backward, anomaly) imports nothing from src/ops, which
 * sits on top of it; the transforms (the rest of src/autograd) sit on top of src/ops.
 * Type-only imports (`import type`, or every name marked `type`) are erased by the compiler and
 * cannot form a runtime circle; they are counted only for the tape rule. A small walker, so no
 * dependency is needed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const src = resolve('src');
const folders = ['tensor', 'ops', 'autograd'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : [];
  });
}

interface Import { target: string; typeOnly: boolean }

/** The relative imports and re-exports of a file, resolved to .ts paths. */
export function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const found: Import[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+([^'";]*?)\s*(?:from\s+)?'(\.[^']+)'/gms)) {
    const clause = m[1].trim();
    const names = /^\{([^}]*)\}$/s.exec(clause)?.[1].split(',').map((s) => s.trim()).filter(Boolean);
    const typeOnly = /^type\s/.test(clause) || (names !== undefined && names.length > 0 && names.every((n) => n.startsWith('type ')));
    const target = resolve(dirname(file), m[2].replace(/\.js$/, '.ts'));
    if (existsSync(target)) found.push({ target, typeOnly });
  }
  return found;
}

const files = folders.flatMap((f) => filesUnder(join(src, f)));
const inScope = new Set(files);
const rel = (f: string) => relative(src, f);
const runtimeEdges = new Map(files.map((f) => [f, importsOf(f).filter((i) => !i.typeOnly && inScope.has(i.target)).map((i) => i.target)]));

/** The strongly connected components of more than one file (or a file importing itself), by Tarjan's algorithm. */
export function cycles(edges: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (edges.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

test('the walker finds a circle when there is one', () => {
  const edges = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
  assert.equal(cycles(edges), [['a', 'b', 'c']]);
  assert.equal(cycles(new Map([['a', ['b']], ['b', []]])), []);
  // and reads type-only imports as such
  const ops = importsOf(join(src, 'ops', 'types.ts'));
  assert.ok(ops.length > 0 && ops.every((i) => i.typeOnly), JSON.stringify(ops));
});

test('no circle of runtime imports among src/tensor, src/ops and src/autograd', () => {
  assert.ok(files.length > 100, `expected the three folders to hold many files, found ${files.length}`);
  const found = cycles(runtimeEdges).map((c) => c.map(rel).join(' → '));
  assert.equal(found, [], `import circles:\n${found.join('\n')}`);
});

test('src/tensor imports neither src/ops nor src/autograd at run time', () => {
  const bad = files.filter((f) => rel(f).startsWith('tensor/'))
    .flatMap((f) => runtimeEdges.get(f)!.filter((t) => !rel(t).startsWith('tensor/')).map((t) => `${rel(f)} → ${rel(t)}`));
  assert.equal(bad, []);
});

test('the tape (src/autograd/tape) imports nothing from src/ops or the transforms, not even a type', () => {
  const tape = files.filter((f) => rel(f).startsWith('autograd/tape/'));
  assert.ok(tape.length >= 5, `expected the tape's files, found ${tape.map(rel)}`);
  const bad = tape.flatMap((f) => importsOf(f)
    .filter((i) => rel(i.target).startsWith('ops/') || (rel(i.target).startsWith('autograd/') && !rel(i.target).startsWith('autograd/tape/')))
    .map((i) => `${rel(f)} → ${rel(i.target)}`));
  assert.equal(bad, []);
});

test.run();
