// The plain-JS baseline as a benchmark peer: hand-written Float32Array loops.
import type { MlpData } from '../common.js';
import type { ZooInput } from '../loss-zoo.js';
import type { Peer, Work } from '../peer.js';
import { matmul } from './matmul.js';
import { softmaxCrossEntropy } from './softmax-ce.js';
import { PlainMlp } from './mlp.js';
import { PLAIN_LOSSES } from './losses.js';

export const plainPeer: Peer = {
  name: 'plain',
  matmul(n: number, a: Float32Array, b: Float32Array): Work {
    const c = new Float32Array(n * n);
    const scratch = new Float32Array(n * n + 4 * n);
    return () => {
      matmul(a, b, n, n, n, c, scratch);
      return c[0]!;
    };
  },
  softmaxCe(logits: Float32Array, labels: Int32Array, n: number, c: number): Work {
    const grad = new Float32Array(n * c);
    return () => softmaxCrossEntropy(logits, labels, n, c, grad);
  },
  mlpStep(d: MlpData): Work {
    const mlp = new PlainMlp(d);
    return () => mlp.step();
  },
  lossNames(): string[] {
    return Object.keys(PLAIN_LOSSES);
  },
  loss(name: string, inputs: ZooInput[]): Work | string {
    const fn = PLAIN_LOSSES[name];
    if (!fn) return 'no plain formula written';
    const shape = inputs[0]!.shape;
    const n = shape[0]!;
    const c = shape.length > 1 ? shape[1]! : 1;
    const grad = new Float32Array(inputs[0]!.data.length);
    const args = inputs.map((t) => t.data);
    return () => fn(args, n, c, grad);
  },
};
