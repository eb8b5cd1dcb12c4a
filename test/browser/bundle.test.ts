import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { builtinModules } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
// @ts-expect-error: a plain .mjs build script, no types
import { browserBuildOptions } from '../../scripts/build-browser.mjs';

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Records every import of a Node built-in (`fs`, `node:util`, ...) instead of resolving it. */
function nodeBuiltins(found: string[]): Plugin {
  return {
    name: 'node-builtins',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!builtins.has(args.path) && !args.path.startsWith('node:')) return undefined;
        found.push(`${args.path} (imported by ${args.importer.replace(process.cwd() + '/', '')})`);
        return { path: args.path, external: true };
      });
    },
  };
}

async function bundle(entry: string) {
  const found: string[] = [];
  const result = await build({ ...browserBuildOptions, entryPoints: [entry], write: false, metafile: true, logLevel: 'silent', plugins: [nodeBuiltins(found)] });
  return { found, code: result.outputFiles![0]!.text, inputs: Object.keys(result.metafile!.inputs) };
}

test('the main entry bundles for the browser with no Node built-in and only ndarray at run time', async () => {
  const { found, code, inputs } = await bundle('src/index.ts');
  assert.equal(found, [], `Node built-ins reachable from src/index.ts:\n${found.join('\n')}`);
  const packages = new Set(inputs.filter((p) => p.includes('node_modules/')).map((p) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)![1]));
  assert.equal([...packages].sort(), ['cwise-compiler', 'iota-array', 'is-buffer', 'ndarray', 'ndarray-ops', 'uniq']);
  const gzip = gzipSync(code, { level: 9 }).length;
  // ~99 kB today (losses.torch, the Keras objects and the option tables added ~21 kB); the bound
  // catches an accidental import (a data set, a wasm blob), not growth
  assert.ok(gzip < 130_000, `the browser bundle grew to ${gzip} bytes min+gzip`);
  // the bundle is a working ES module: train one step of a tiny model from it
  // (from a file: a data: URL module breaks c8's source-map pass once tsx has transformed it)
  const dir = mkdtempSync(join(tmpdir(), 'tapegrad-bundle-'));
  writeFileSync(join(dir, 'tapegrad.mjs'), code);
  const lib = await import(pathToFileURL(join(dir, 'tapegrad.mjs')).href).finally(() => rmSync(dir, { recursive: true }));
  const model = new lib.nn.MLP([2, 3, 1]);
  const loss = lib.losses.mse(model.forward(lib.tensor([[1, 2]])), lib.tensor([[1]]));
  loss.backward(undefined, { retainGraph: true });
  assert.ok(Number.isFinite(loss.item()));
  assert.match(lib.toDot(loss, { params: model }), /label="MLP"[^]*label="layers.0"[^]*label="mse"/);
});

test('the check fails on a Node built-in: the node entry is caught', async () => {
  const { found } = await bundle('src/node.ts');
  assert.ok(found.includes('node:fs (imported by src/node.ts)'), found.join('\n'));
  assert.ok(found.every((f) => f.endsWith('(imported by src/node.ts)')), found.join('\n'));
});

test.run();
