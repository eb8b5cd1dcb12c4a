// Issue 23: no request crashes `npm run playground`. Before, a request for `//[` made `new URL`
// throw inside the handler and the process exited. Raw sockets send what fetch would refuse to.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connect } from 'node:net';
import { startPlayground } from '../playground/serve.js';

/** Sends `raw` on a fresh connection and resolves with the status code of the reply (0 if none). */
function send(port: number, raw: string | Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.on('data', (d) => { reply += d.toString('latin1'); });
    socket.on('error', () => {}); // the server may close while we still write
    socket.on('close', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(reply)?.[1] ?? 0)));
    socket.end(raw);
  });
}
const get = (target: string, headers = 'Host: 127.0.0.1\r\n') => `GET ${target} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`;

test('playground server: malformed requests get a 4xx, and the page still loads after them', async () => {
  const site = await startPlayground({ port: 0 });
  try {
    const port = Number(new URL(site.url).port);
    const cases: Array<[string | Buffer, number]> = [
      [get('//['), 404],
      [get('//[::1'), 404],
      [get('/%'), 400],
      [get('/%zz'), 400],
      [get('/%E0%A4%A'), 400],
      [get('/%C0%AF'), 400], // an overlong UTF-8 encoding
      [get('http://['), 400],
      [get('*'), 400],
      [get('example.com:80'), 400],
      [get('/index.html?%%'), 200],
      [get('/../../etc/passwd'), 404],
      [get('/constructor'), 404],
      [get('/__proto__'), 404],
      [get('/', `Host: 127.0.0.1\r\nX-Big: ${'a'.repeat(100_000)}\r\n`), 431],
      [get('/', 'Host: a\r\nContent-Length: -1\r\n'), 400],
      [get('/', 'Host: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n'), 400],
      [get('/', 'Bad Header Name: 1\r\n'), 400],
      ['DELETE / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n', 405],
      ['BREW / HTTP/1.1\r\n\r\n', 400],
      ['GET / HTTP/9.9\r\n\r\n', 400],
      [Buffer.from([0, 1, 2, 255, 13, 10, 13, 10]), 400],
      ['\r\n\r\ngarbage\r\n\r\n', 400],
      ['GET /\0 HTTP/1.1\r\n\r\n', 400],
    ];
    for (const [raw, want] of cases) {
      const got = await send(port, raw);
      assert.is(got, want, `${JSON.stringify(String(raw).slice(0, 60))}: status ${got}`);
    }
    const page = await fetch(site.url);
    assert.is(page.status, 200);
    assert.match(await page.text(), /<script/);
    assert.is((await fetch(new URL('main.js', site.url))).status, 200);
    assert.is((await fetch(site.url, { method: 'HEAD' })).status, 200);
  } finally {
    await site.close();
  }
});

test.run();
