// npm run docs: installs this folder's TypeDoc + TypeScript 5.9 on first use (the project itself
// compiles with typescript 7, which TypeDoc cannot load), then writes the reference to docs/api/.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (!existsSync(join(here, 'node_modules', 'typedoc'))) {
  execFileSync(npm, ['ci', '--prefix', here, '--no-audit', '--no-fund'], { stdio: 'inherit' });
}
execFileSync(process.execPath, [join(here, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--options', join(here, 'typedoc.json'), ...process.argv.slice(2)], { stdio: 'inherit' });
