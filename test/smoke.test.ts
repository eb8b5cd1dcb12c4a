import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tensor } from '../src/index.js';

test('x·x accumulates 2x into x.grad', () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  x.mul(x).sum().backward();
  assert.equal(x.grad!.toArray(), [2, 4, 6]);
});

test.run();
