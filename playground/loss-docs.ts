/**
 * The losses' formulas, read from their doc comments at bundle time (Node only): for every
 * `export function name(` or `export const name = defineLoss(` in src/losses (src/losses/keras and src/losses/torch keyed 'keras.name',
 * 'torch.name'), the first
 * sentence and the paragraph of the TSDoc comment that starts with a backtick (the formula).
 * The explorer shows these, so the page never carries a formula of its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface LossDoc {
  summary: string;
  formula: string;
}

const root = fileURLToPath(new URL('../src/losses/', import.meta.url));

export function lossDocs(): Record<string, LossDoc> {
  const out: Record<string, LossDoc> = {};
  for (const [dir, prefix] of [['', ''], ['keras/', 'keras.'], ['torch/', 'torch.']] as const) {
    for (const file of readdirSync(root + dir).filter((f) => f.endsWith('.ts'))) {
      Object.assign(out, docsOf(readFileSync(root + dir + file, 'utf8'), prefix));
    }
  }
  return out;
}

/** The documented exported functions of one source file. */
export function docsOf(source: string, prefix = ''): Record<string, LossDoc> {
  const out: Record<string, LossDoc> = {};
  for (const m of source.matchAll(/\/\*\*((?:(?!\*\/)[^])*)\*\/\s*export (?:function (\w+)\(|const (\w+) = defineLoss\()/g)) {
    const lines = m[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, '').trimEnd());
    const paragraphs: string[] = [];
    let current: string[] = [];
    for (const line of [...lines, '']) {
      if (line.trim() === '' || line.startsWith('@')) {
        if (current.length) paragraphs.push(current.join(' ').trim());
        current = [];
        if (line.startsWith('@')) break;
      } else current.push(line.trim());
    }
    const formula = paragraphs.find((p) => p.startsWith('`'));
    if (!formula) continue;
    const summary = (paragraphs[0] ?? '').replace(/\{@link (\w+)\}/g, '$1');
    out[prefix + (m[2] ?? m[3])!] = { summary, formula: formula.replace(/\{@link (\w+)\}/g, '$1') };
  }
  return out;
}
