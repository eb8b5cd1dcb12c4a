/**
 * exportOnnx: runs a function on example inputs with the trace on and lowers every op it ran to
 * ONNX (see lowering.ts), named scopes (losses) becoming model-local functions.
 */
import { Tensor } from '../../tensor/tensor.js';
import { concat, slice } from '../../ops/index.js';
import { noGrad } from '../../autograd/tape/state.js';
import { shapeStr } from '../../tensor/shape.js';
import { encodeModel, type ValueInfo } from './model.js';
import type { Trace } from './trace.js';
import { buildFunctions } from './functions.js';
import { checkNames, checkExportArgs, type ExportOnnxOptions } from './options.js';
import { checkValueIndependent, compareTraces, noGradTrace, warnValueRead } from './checks.js';
import { GraphBuilder } from './graph.js';

export type { ExportOnnxOptions };
export const lossDomain = 'tapegrad.losses';
export const moduleDomain = 'tapegrad.modules';

/**
 * The ONNX model (ModelProto bytes) of `f` at the example inputs: f runs once with every op
 * traced, the params become named initializers, any other tensor f reads becomes a constant.
 * @example
 * const bytes = exportOnnx((x) => model.forward(x), [randn([8, 2])], { params: model.namedParameters() });
 */
export function exportOnnx(
  f: (...inputs: Tensor[]) => Tensor | Tensor[],
  exampleInputs: Tensor | readonly Tensor[],
  opts: ExportOnnxOptions = {},
): Uint8Array {
  const o = checkExportArgs(f, exampleInputs, opts);
  const a = noGradTrace(f, o.inputs, o.params);
  if (a.read) warnValueRead(a.read);
  let b: Trace | null = null, batchA = 0, batchB = 0;
  const first = o.inputs.find((t) => t.ndim > 0);
  if (o.dynamicBatch && first) {
    batchA = first.shape[0];
    batchB = batchA + 1;
    o.batched = o.inputs.map((t) => t.ndim > 0 && t.shape[0] === batchA);
    const grown = noGrad(() => o.inputs.map((t, i) => (o.batched[i] ? concat([t, slice(t, 0, 0, 1)], 0) : t)));
    try {
      b = noGradTrace(f, grown, o.params);
    } catch (err) {
      throw new RangeError(`exportOnnx: dynamicBatch: f fails when the batch grows from ${batchA} to ${batchB} (${(err as Error).message}); export with dynamicBatch: false`);
    }
    compareTraces(a, b);
  }
  checkValueIndependent(f, o, a);
  if (a.outputs.length !== o.outputNames.length && opts.outputNames) {
    throw new RangeError(`exportOnnx: outputNames has ${o.outputNames.length} names, f returned ${a.outputs.length} outputs`);
  }
  const outputNames = opts.outputNames ? o.outputNames : a.outputs.map((_, i) => `output${i}`);
  checkNames('outputNames', outputNames, [...o.inputNames, ...o.params.map(([n]) => n)]);

  const g = new GraphBuilder(o, a, b, batchA, batchB, outputNames);
  g.lower();
  const functions = buildFunctions(g.placed, new Set(outputNames), o.opset);
  const domains = [...new Set(functions.functions.map((fn) => fn.domain))];
  const dynamicDims = (t: Tensor, tb: Tensor | undefined): (number | string | null)[] =>
    t.shape.map((n, d) => (!tb || tb.shape[d] === n ? n : tb.shape[d] - n === 1 && n === batchA ? 'batch' : null));
  const inputs: ValueInfo[] = o.inputs.map((t, i) => ({
    name: o.inputNames[i], dtype: t.dtype, dims: t.shape.map((n, d) => (b && d === 0 && o.batched[i] ? 'batch' : n)),
  }));
  const outputs: ValueInfo[] = a.outputs.map((t, i) => ({ name: outputNames[i], dtype: t.dtype, dims: dynamicDims(t, b?.outputs[i]) }));
  return encodeModel({
    irVersion: o.opset >= 21 ? 10 : o.opset >= 19 ? 9 : 8,
    opsetImports: [['', o.opset], ...domains.map((d) => [d, 1] as const)],
    producerName: 'tapegrad',
    producerVersion: '0.1.0',
    graph: { name: 'tapegrad', nodes: functions.nodes, inputs, outputs, initializers: g.initializers },
    functions: functions.functions,
  });
}
