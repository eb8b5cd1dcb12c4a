/**
 * `npm run playground`: bundles the page with esbuild (in memory; 'tapegrad' resolves to this
 * repository's src/index.ts, the public entry) and serves it on 127.0.0.1. No network access at
 * run time: Graphviz is wasm inside the bundle. Options: --port N (or PORT; default 5173, any
 * free port if that one is taken). The icon (favicon.svg, a ∇) is served at /favicon.svg and at
 * /favicon.ico, where browsers look when a page names none, so the console stays free of 404s.
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
  const [scripts, html, explorer, icon] = await Promise.all([
    bundlePlayground(), readFile(`${here}index.html`, 'utf8'), readFile(`${here}explorer.html`, 'utf8'), readFile(`${here}favicon.svg`, 'utf8'),
  ]);
  const files: Record<string, [string, string]> = {
    '/': ['text/html; charset=utf-8', html],
    '/index.html': ['text/html; charset=utf-8', html],
    '/explorer.html': ['text/html; charset=utf-8', explorer],
    '/favicon.svg': ['image/svg+xml', icon],
    '/favicon.ico': ['image/svg+xml', icon],
  };
  for (const [path, text] of Object.entries(scripts)) files[path] = ['text/javascript; charset=utf-8', text];
  const server = createServer((req, res) => {
    try {
      const [status, type, body] = respond(req.method, req.url, files);
      const headers: Record<string, string> = { 'content-type': type, 'cache-control': 'no-store' };
      if (status === 405) headers['allow'] = 'GET, HEAD';
      res.writeHead(status, headers).end(body);
    } catch {
      // nothing above should throw; if it does, this request fails and the server keeps serving
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    }
  });
  // A socket error after a response (a reset, a half-written request) ends that socket only.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
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

type Response = [status: number, type: string, body: string];
const plain = 'text/plain; charset=utf-8';

/**
 * The response to one request: the file at the decoded path of an origin-form target (`/main.js?x`),
 * 404 for any other path, 400 for a target that is not a path or whose percent-encoding is broken
 * (`/%E0%A4%A`), 405 for methods other than GET and HEAD. Never throws: the target is taken apart
 * by hand, since `new URL` throws on targets such as `//[` (read as an authority).
 */
export function respond(method: string | undefined, target: string | undefined, files: Record<string, [string, string]>): Response {
  if (method !== 'GET' && method !== 'HEAD') return [405, plain, 'method not allowed'];
  if (typeof target !== 'string' || !target.startsWith('/')) return [400, plain, 'bad request target'];
  const end = target.search(/[?#]/);
  let path: string;
  try {
    path = decodeURIComponent(end < 0 ? target : target.slice(0, end));
  } catch {
    return [400, plain, 'bad percent-encoding'];
  }
  const file = Object.hasOwn(files, path) ? files[path] : undefined;
  return file ? [200, file[0], file[1]] : [404, plain, 'not found'];
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
