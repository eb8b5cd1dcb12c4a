// Plain-JS 784-128-10 ReLU MLP training step: forward, fused softmax cross-entropy, backward and
// an SGD update, all on preallocated Float32Arrays (the matmuls use the blocked kernel).
import { MLP, type MlpData } from '../common.js';
import { matmul, transpose } from './matmul.js';
import { softmaxCrossEntropy } from './softmax-ce.js';

export class PlainMlp {
  readonly w1: Float32Array;
  readonly b1: Float32Array;
  readonly w2: Float32Array;
  readonly b2: Float32Array;
  private readonly x: Float32Array;
  private readonly xT: Float32Array;
  private readonly labels: Int32Array;
  private readonly z1: Float32Array;
  private readonly h: Float32Array;
  private readonly hT: Float32Array;
  private readonly z2: Float32Array;
  private readonly dz2: Float32Array;
  private readonly w2T: Float32Array;
  private readonly dh: Float32Array;
  private readonly dw1: Float32Array;
  private readonly dw2: Float32Array;
  private readonly db1: Float32Array;
  private readonly db2: Float32Array;
  private readonly scratch: Float32Array;
  private readonly batch: number;

  constructor(d: MlpData) {
    const { inp: I, hidden: H, out: O } = MLP;
    const B = (this.batch = d.batch);
    this.w1 = Float32Array.from(d.w1);
    this.b1 = Float32Array.from(d.b1);
    this.w2 = Float32Array.from(d.w2);
    this.b2 = Float32Array.from(d.b2);
    this.x = d.x;
    this.labels = d.labels;
    this.xT = transpose(d.x, B, I); // the input batch is fixed: transpose it once
    this.z1 = new Float32Array(B * H);
    this.h = new Float32Array(B * H);
    this.hT = new Float32Array(H * B);
    this.z2 = new Float32Array(B * O);
    this.dz2 = new Float32Array(B * O);
    this.w2T = new Float32Array(O * H);
    this.dh = new Float32Array(B * H);
    this.dw1 = new Float32Array(I * H);
    this.dw2 = new Float32Array(H * O);
    this.db1 = new Float32Array(H);
    this.db2 = new Float32Array(O);
    this.scratch = new Float32Array(Math.ceil(H / 4) * 4 * I);
  }

  /** One SGD step; returns the loss before the update. */
  step(lr: number = MLP.lr): number {
    const { inp: I, hidden: H, out: O } = MLP;
    const B = this.batch;
    const { z1, h, z2, dz2, dh, scratch } = this;
    // forward
    matmul(this.x, this.w1, B, I, H, z1, scratch);
    for (let i = 0; i < B; i++) {
      const base = i * H;
      for (let j = 0; j < H; j++) {
        const v = z1[base + j]! + this.b1[j]!;
        z1[base + j] = v;
        h[base + j] = v > 0 ? v : 0;
      }
    }
    matmul(h, this.w2, B, H, O, z2, scratch);
    for (let i = 0; i < B; i++) for (let j = 0; j < O; j++) z2[i * O + j] = z2[i * O + j]! + this.b2[j]!;
    const loss = softmaxCrossEntropy(z2, this.labels, B, O, dz2);
    // backward
    transpose(h, B, H, this.hT);
    matmul(this.hT, dz2, H, B, O, this.dw2, scratch);
    this.db2.fill(0);
    for (let i = 0; i < B; i++) for (let j = 0; j < O; j++) this.db2[j] = this.db2[j]! + dz2[i * O + j]!;
    transpose(this.w2, H, O, this.w2T);
    matmul(dz2, this.w2T, B, O, H, dh, scratch);
    this.db1.fill(0);
    for (let i = 0; i < B; i++) {
      const base = i * H;
      for (let j = 0; j < H; j++) {
        const g = z1[base + j]! > 0 ? dh[base + j]! : 0;
        dh[base + j] = g;
        this.db1[j] = this.db1[j]! + g;
      }
    }
    matmul(this.xT, dh, I, B, H, this.dw1, scratch);
    // SGD
    sgd(this.w1, this.dw1, lr);
    sgd(this.b1, this.db1, lr);
    sgd(this.w2, this.dw2, lr);
    sgd(this.b2, this.db2, lr);
    return loss;
  }
}

function sgd(p: Float32Array, g: Float32Array, lr: number): void {
  for (let i = 0; i < p.length; i++) p[i] = p[i]! - lr * g[i]!;
}
