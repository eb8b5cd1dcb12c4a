/**
 * The `@example` of every loss's TSDoc, evaluated: each example line `expr // printed` must give
 * the printed value (to the printed precision). Docs and behaviour cannot drift apart.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { losses, tensor } from '../../src/index.js';

const dir = new URL('../../src/losses/', import.meta.url);
const examples: { file: string; fn: string; expr: string; printed: string }[] = [];
const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
for (const file of files) {
  const src = readFileSync(new URL(file, dir), 'utf8');
  for (const m of src.matchAll(/@example\n((?: \* .*\n)+?) \*\/\nexport (?:function|const) (\w+)/g)) {
    for (const line of m[1].split('\n').filter(Boolean)) {
      const code = line.replace(/^ \* /, '');
      const at = code.lastIndexOf(' // ');
      const fn = file.startsWith('keras/') ? `keras.${m[2]}` : file.startsWith('torch/') ? `torch.${m[2]}` : m[2];
      examples.push({ file, fn, expr: code.slice(0, at), printed: code.slice(at + 4) });
    }
  }
}

/** Every number in `printed` (a number or nested array), compared at its printed precision. */
function matches(got: unknown, printed: unknown): boolean {
  if (Array.isArray(printed)) return Array.isArray(got) && got.length === printed.length && printed.every((p, i) => matches(got[i], p));
  if (typeof printed !== 'number' || typeof got !== 'number') return false;
  const decimals = (String(printed).split('.')[1] ?? '').length;
  return Math.abs(got - printed) <= 0.5 * 10 ** -decimals + 1e-12 + 1e-6 * Math.abs(printed);
}

const names = Object.keys(losses).filter((k) => typeof (losses as Record<string, unknown>)[k] === 'function');
const functionsOf = (ns: object, prefix: string) =>
  Object.keys(ns).filter((k) => typeof (ns as Record<string, unknown>)[k] === 'function' && !/^[A-Z]/.test(k)).map((k) => `${prefix}.${k}`);
const kerasNames = functionsOf(losses.keras, 'keras');
const torchNames = functionsOf(losses.torch, 'torch');

test('every exported loss and helper, and every losses.keras and losses.torch function, has an @example', () => {
  const documented = new Set(examples.map((e) => e.fn));
  assert.equal([...names, ...kerasNames, ...torchNames].filter((n) => !documented.has(n)), []);
  assert.ok(kerasNames.length >= 19, `${kerasNames.length} keras losses`);
  assert.is(torchNames.length, 21);
});

for (const e of examples) {
  test(`${e.fn} example: ${e.expr}`, () => {
    const run = new Function('L', 'tensor', `const { ${names.join(', ')}, keras, torch } = L; return ${e.expr};`);
    const got = run(losses, tensor);
    assert.ok(matches(got, JSON.parse(e.printed)), `${e.file}: ${e.expr} gave ${JSON.stringify(got)}, the doc prints ${e.printed}`);
  });
}

test.run();
