import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as checkpoint from '../examples/checkpoint.js';

test('checkpoint example: stopped, saved, rebuilt and resumed equals straight through, bit for bit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tapegrad-ckpt-test-'));
  try {
    const r = await checkpoint.run({ quiet: true, epochs: 6, dir });
    assert.ok(r.identical, `max difference ${r.maxAbsDiff}`);
    assert.is(r.maxAbsDiff, 0);
    assert.equal(r.lossResumed, r.lossStraight);
    assert.ok(r.lossStraight.at(-1)! < r.lossStraight[0]!);
    const files = readdirSync(dir).sort();
    assert.equal(files, ['layers.0.bias.npy', 'layers.0.weight.npy', 'layers.3.bias.npy', 'layers.3.weight.npy', 'model.safetensors', 'optim.safetensors', 'rng.safetensors', 'sched.safetensors']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
