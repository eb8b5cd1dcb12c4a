// The interface each library's side of the benchmark implements. Every factory receives the
// shared seeded data (Float32Arrays from common.ts / loss-zoo.ts), converts it to its own tensors
// outside the timed region, and returns a closure that does one unit of timed work and returns a
// number (the loss value, or NaN) so the work cannot be optimised away.
import type { MlpData } from './common.js';
import type { ZooInput } from './loss-zoo.js';

export type Work = () => number;

export interface Peer {
  readonly name: string;
  /** C = A·B for square n×n matrices. */
  matmul?(n: number, a: Float32Array, b: Float32Array): Work;
  /** logitCrossentropy(logits [n, c], class indices [n]): value and gradient w.r.t. the logits. */
  softmaxCe?(logits: Float32Array, labels: Int32Array, n: number, c: number): Work;
  /** One 784-128-10 ReLU MLP SGD step (forward, backward, update) on a fixed batch. */
  mlpStep?(d: MlpData): Work;
  /** 200 chained elementwise ops (mul 1.0001, add 0.001, tanh, repeating) on x [10], sum, backward. */
  opOverhead?(x: Float32Array): Work;
  /** Loss names this library has (the loss-zoo iterates over them). */
  lossNames?(): string[];
  /** Forward + backward of one loss, or a string saying why it cannot run. */
  loss?(name: string, inputs: ZooInput[]): Work | string;
  /** A note for a loss-zoo row (e.g. which peer function stands in for the loss). */
  lossNote?(name: string): string | undefined;
  /** A note attached to every metric of a workload (e.g. a fallback in use). */
  workloadNote?(workload: string): string | undefined;
  /** Live tensors tracked by the library (for the memory workload), when it has such a count. */
  liveTensors?(): number;
}
