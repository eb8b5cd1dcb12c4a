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
import { execFileSync } from 'node:child_process';
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

/** The documented members of a `class Tensor` or `interface Tensor` block in file (a declaration counts when its doc comment is right above it). */
function tensorMembers(file: string, opener: RegExp): { names: string[]; missing: string[] } {
  const lines = read(file);
  const names: string[] = [], missing: string[] = [];
  lines.forEach((line, start) => {
    if (!opener.test(line)) return;
    const indent = /^\s*/.exec(line)![0];
    const end = lines.findIndex((l, i) => i > start && l === `${indent}}`);
    const member = new RegExp(`^${indent} {2}(?:(get|set|static|readonly)\\s+)?(\\w+|\\[[^\\]]+\\])\\s*[(:]`);
    for (let i = start + 1; i < end; i++) {
      const m = member.exec(lines[i]);
      if (!m || m[2] === 'private') continue;
      // A setter shares its getter's comment (TypeDoc shows them as one accessor).
      if (m[1] === 'set' && lines.slice(start, i).some((l) => l.includes(`get ${m[2]}(`))) continue;
      names.push(m[2]);
      if (!documented(lines, i)) missing.push(`${file.slice(src.length + 1)}:${i + 1} ${m[2]}`);
    }
  });
  return { names, missing };
}

test('every public Tensor method and getter has a TSDoc comment', () => {
  // The class itself, and the members declared where they are installed (ops/methods.ts, autograd/tape/backward.ts).
  const declared = [
    tensorMembers(join(src, 'tensor', 'tensor.ts'), /^export class Tensor\b/),
    tensorMembers(join(src, 'ops', 'methods.ts'), /^\s+interface Tensor\b/),
    tensorMembers(join(src, 'autograd', 'tape', 'backward.ts'), /^\s+interface Tensor\b/),
  ];
  const names = new Set(declared.flatMap((d) => d.names));
  const missing = declared.flatMap((d) => d.missing);
  // The methods installed from the op tables carry their function's comment (checked by the test above).
  // Read in a fresh process: other test files add members of their own to the prototype.
  const script = "import * as tg from './src/index.ts'; console.log(JSON.stringify(Object.getOwnPropertyNames(tg.Tensor.prototype).map((k) => [k, typeof tg[k] === 'function'])));";
  const listed = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' })) as [string, boolean][];
  const installed = listed.filter(([k]) => k !== 'constructor');
  const undocumented = installed.filter(([k, isFunction]) => !names.has(k) && !isFunction).map(([k]) => k);
  assert.ok(installed.length > 80, `expected the Tensor class to have many methods, found ${installed.length}`);
  assert.equal(missing, [], `undocumented Tensor members:\n${missing.join('\n')}`);
  assert.equal(undocumented, [], `Tensor methods that are neither declared with a comment nor a documented public function: ${undocumented.join(', ')}`);
});

test.run();
