/**
 * `npm run playground`: bundles the page with esbuild (in memory; 'tapegrad' resolves to this
 * repository's src/index.ts, the public entry) and serves it on 127.0.0.1. No network access at
 * run time: Graphviz is wasm inside the bundle. Options: --port N (or PORT; default 5173, any
 * free port if that one is taken).
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { lossDocs } from './loss-docs.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The pages' scripts: main.js (main.ts and what it imports), graph-worker.js (Graphviz) and
 * explorer.js (the loss explorer, with the losses' doc-comment formulas as __LOSS_DOCS__).
 */
export async function bundlePlayground(): Promise<Record<string, string>> {
  const result = await build({
    entryPoints: [`${here}main.ts`, `${here}graph-worker.ts`, `${here}explorer.ts`],
    outdir: '/',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    keepNames: true,
    write: false,
    logLevel: 'silent',
    define: { __LOSS_DOCS__: JSON.stringify(lossDocs()) },
    alias: { tapegrad: fileURLToPath(new URL('../src/index.ts', import.meta.url)) },
  });
  return Object.fromEntries(result.outputFiles.map((f) => [f.path, f.text]));
}

export interface Playground {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startPlayground({ port = 0, host = '127.0.0.1' }: { port?: number; host?: string } = {}): Promise<Playground> {
  const [scripts, html, explorer] = await Promise.all([bundlePlayground(), readFile(`${here}index.html`, 'utf8'), readFile(`${here}explorer.html`, 'utf8')]);
  const files: Record<string, [string, string]> = {
    '/': ['text/html; charset=utf-8', html],
    '/index.html': ['text/html; charset=utf-8', html],
    '/explorer.html': ['text/html; charset=utf-8', explorer],
  };
  for (const [path, text] of Object.entries(scripts)) files[path] = ['text/javascript; charset=utf-8', text];
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1]);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host}:${actual}/`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--port');
  const port = Number(i > 0 ? process.argv[i + 1] : process.env.PORT ?? 5173);
  const playground = await startPlayground({ port }).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EADDRINUSE') throw e;
    console.log(`port ${port} is taken; using a free one`);
    return startPlayground({ port: 0 });
  });
  console.log(`tapegrad playground: ${playground.url}  (Ctrl+C to stop)`);
}
