// The interface each library's side of the benchmark implements. Every factory receives the
// shared seeded data (Float32Arrays from common.ts / loss-zoo.ts), converts it to its own tensors
// outside the timed region, and returns a closure that does one unit of timed work and returns a
// number (the loss value, or NaN) so the work cannot be optimised away.
import type { Metric, MlpData } from './common.js';
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
  /** One LeNet-5 SGD step (common.ts LENET) on a fixed batch [64, 1, 28, 28]. */
  lenetStep?(x: Float32Array, labels: Int32Array): Work;
  /** One Adam step of the charlm transformer (common.ts TRANSFORMER) on fixed token ids. */
  transformerStep?(x: Int32Array, y: Int32Array): Work;
  /**
   * A library timed outside this process (PyTorch through Python): the worker hands it the
   * workload and takes its metrics, or the reason it cannot run.
   */
  external?(workload: string, quick: boolean): Metric[] | string;
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
