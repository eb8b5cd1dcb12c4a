// ONNX Runtime (onnxruntime-web's wasm CPU backend, one thread) and the official schema (onnx-proto),
// shared by the ONNX tests.
import * as ort from 'onnxruntime-web';
import onnxProto from 'onnx-proto';
import type { Tensor } from '../../src/index.js';

const { onnx } = onnxProto;
ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

const ortType = { float32: 'float32', float64: 'float64', int32: 'int32' } as const;

export const toOrt = (t: Tensor) => new ort.Tensor(ortType[t.dtype], t.contiguousData().slice(), t.shape);

/** Runs the model on the tensors (in graph input order); the outputs in graph output order. */
export async function runOrt(bytes: Uint8Array, inputs: readonly Tensor[]): Promise<ort.Tensor[]> {
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'disabled' });
  try {
    const feeds: Record<string, ort.Tensor> = {};
    session.inputNames.forEach((n, i) => (feeds[n] = toOrt(inputs[i])));
    const out = await session.run(feeds);
    return session.outputNames.map((n) => out[n]);
  } finally {
    await session.release();
  }
}

export const decode = (bytes: Uint8Array) => onnx.ModelProto.decode(bytes);
export { ort, onnx };
