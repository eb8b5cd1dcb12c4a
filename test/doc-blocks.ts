/**
 * Runs a code block taken from the README or docs/ as a user would (imports of 'tapegrad' and
 * 'tapegrad/node' point at src/), and returns what it printed with console.log, call by call.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const src = (f: string) => pathToFileURL(join(process.cwd(), 'src', f)).href;

/** The ```ts blocks of a markdown file under the repository root, in order. */
export function tsBlocks(path: string): string[] {
  const text = readFileSync(join(process.cwd(), path), 'utf8');
  return text.split('```ts').slice(1).map((b) => b.split('```')[0]!);
}

export async function runDocBlock(block: string, name: string): Promise<unknown[][]> {
  const dir = mkdtempSync(join(process.cwd(), '.readme-'));
  const logged: unknown[][] = [];
  const log = console.log;
  try {
    const file = join(dir, `${name}.ts`);
    writeFileSync(file, block.replace(/from 'tapegrad\/node'/g, `from '${src('node.ts')}'`).replace(/from 'tapegrad'/g, `from '${src('index.ts')}'`));
    console.log = (...args: unknown[]) => logged.push(args);
    await import(pathToFileURL(file).href);
  } finally {
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
  return logged;
}
