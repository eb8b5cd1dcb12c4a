// The ESM browser bundle of the main entry: dist/browser/tapegrad.js, usable from
// <script type="module"> with no bundler. keepNames keeps class names (module scopes in the graph
// are named after their class at the top level).
import { build } from 'esbuild';

export const browserBuildOptions = {
  entryPoints: ['src/index.ts'],
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  minify: true,
  keepNames: true,
  legalComments: 'none',
};

if (import.meta.url === `file://${process.argv[1]}`) {
  await build({ ...browserBuildOptions, outfile: 'dist/browser/tapegrad.js', sourcemap: true });
  console.log('dist/browser/tapegrad.js');
}
