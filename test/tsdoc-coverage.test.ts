/**
 * Every function, class and constant exported by an entry point (src/index.ts, node.ts, datasets/)
 * or a module it re-exports, and every public Tensor method and getter, carries a TSDoc comment
 * (the API reference is built from them).
 * A plain text scan: a declaration counts as documented when the line before it ends a `/** … *\/`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { entryFiles } from './_exports.js';

const src = join(process.cwd(), 'src');
const read = (file: string) => readFileSync(file, 'utf8').split('\n');

/** Whether the declaration on line i directly follows a doc comment (one opened by `/**`). */
function documented(lines: string[], i: number): boolean {
  if (!(lines[i - 1] ?? '').trim().endsWith('*/')) return false;
  let j = i - 1;
  while (j > 0 && !lines[j].includes('/*')) j--;
  return lines[j].includes('/**');
}

function undocumentedExports(file: string): string[] {
  const lines = read(file);
  const missing: string[] = [];
  lines.forEach((line, i) => {
    const m = /^export\s+(?:async\s+)?(?:function\*?|const|let|class|abstract\s+class)\s+(\w+)/.exec(line);
    // Overload signatures and the implementation share the comment of the first signature.
    let first = i;
    while (m && first > 0 && new RegExp(`^export\\s+function\\s+${m[1]}\\b.*;$`).test(lines[first - 1])) first--;
    if (m && !documented(lines, first)) missing.push(`${file.slice(src.length + 1)}:${i + 1} ${m[1]}`);
  });
  return missing;
}

test('every exported function, class and constant of the entry points and the modules they re-export has a TSDoc comment', () => {
  const files = entryFiles();
  assert.ok(files.length > 20, `expected the index to re-export many modules, found ${files.length}`);
  const missing = files.flatMap(undocumentedExports);
  assert.equal(missing, [], `undocumented exports:\n${missing.join('\n')}`);
});

test('every public Tensor method and getter has a TSDoc comment', () => {
  const file = join(src, 'tensor', 'tensor.ts');
  const lines = read(file);
  const start = lines.findIndex((l) => l.startsWith('export class Tensor'));
  const end = lines.findIndex((l, i) => i > start && l === '}');
  const missing: string[] = [];
  let members = 0;
  for (let i = start + 1; i < end; i++) {
    const m = /^ {2}(?:(get|set|static)\s+)?(\w+|\[[^\]]+\])\s*\(/.exec(lines[i]);
    if (!m || m[2] === 'private') continue;
    members++;
    // A setter shares its getter's comment (TypeDoc shows them as one accessor).
    if (m[1] === 'set' && lines.slice(start, i).some((l) => l.startsWith(`  get ${m[2]}(`))) continue;
    if (!documented(lines, i)) missing.push(`tensor.ts:${i + 1} ${m[2]}`);
  }
  assert.ok(members > 80, `expected the Tensor class to have many methods, found ${members}`);
  assert.equal(missing, [], `undocumented Tensor members:\n${missing.join('\n')}`);
});

test.run();
