import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { losses, tensor, toDot } from '../src/index.js';
import { writeDot } from '../src/node.js';

test('writeDot writes the DOT of a graph to a file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tapegrad-'));
  try {
    const x = tensor([1, 2], { requiresGrad: true });
    const loss = losses.mse(x, tensor([0, 0]));
    writeDot(join(dir, 'g.dot'), loss, { params: { x } });
    const text = await readFile(join(dir, 'g.dot'), 'utf8');
    assert.is(text, toDot(loss, { params: { x } }));
    assert.match(text, /label="mse"/);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test.run();
