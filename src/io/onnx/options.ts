/** exportOnnx's options and their checks: every error names the option and what was wrong. */
import { Tensor } from '../../tensor/tensor.js';
import { checkOptions, type OptionSpec } from '../../tensor/options.js';

export interface ExportOnnxOptions {
  /** Named leaves (e.g. `model.namedParameters()`): they become initializers under these names. */
  params?: Iterable<readonly [string, Tensor]> | Record<string, Tensor>;
  /** Graph input names, one per example input (default input0, input1, ...). */
  inputNames?: readonly string[];
  /** Graph output names, one per output of f (default output0, ...). */
  outputNames?: readonly string[];
  /** The ai.onnx opset, 18 (default) to 21. */
  opset?: number;
  /**
   * The first dim of the first input (of rank ≥ 1), and of every input whose first dim has the
   * same size, is symbolic ('batch'); sizes that grow with it are computed at run time. Default true.
   */
  dynamicBatch?: boolean;
  /** Every named scope (each loss) becomes a function in the domain 'tapegrad.losses'. Default true. */
  lossesAsFunctions?: boolean;
  /** Every nn module's forward becomes a function in the domain 'tapegrad.modules'. Default false. */
  modulesAsFunctions?: boolean;
}

/** params, inputNames and outputNames are checked entry by entry below, where the message can name the entry. */
const exportOnnxOptions: OptionSpec = {
  params: 'any', inputNames: 'any', outputNames: 'any',
  opset: { want: 'an integer from 18 to 21 (the opsets supported)', ok: (v) => Number.isInteger(v) && (v as number) >= 18 && (v as number) <= 21 },
  dynamicBatch: 'bool', lossesAsFunctions: 'bool', modulesAsFunctions: 'bool',
};

export interface Checked {
  inputs: Tensor[];
  inputNames: string[];
  outputNames: string[];
  params: Array<readonly [string, Tensor]>;
  opset: number;
  dynamicBatch: boolean;
  lossesAsFunctions: boolean;
  modulesAsFunctions: boolean;
  /** Per input: whether its first dim is the batch (dynamicBatch). */
  batched: boolean[];
}

export function checkExportArgs(f: unknown, exampleInputs: Tensor | readonly Tensor[], opts: ExportOnnxOptions): Checked {
  if (typeof f !== 'function') throw new TypeError(`exportOnnx: f must be a function, got ${typeof f}`);
  const inputs = exampleInputs instanceof Tensor ? [exampleInputs] : exampleInputs;
  if (!Array.isArray(inputs)) throw new TypeError('exportOnnx: exampleInputs must be a Tensor or an array of Tensors');
  inputs.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`exportOnnx: exampleInputs[${i}] is not a Tensor`);
    const j = inputs.indexOf(t);
    if (j !== i) throw new TypeError(`exportOnnx: exampleInputs[${i}] is the same tensor as exampleInputs[${j}]; pass a clone()`);
  });
  checkOptions('exportOnnx', opts, exportOnnxOptions);
  const opset = opts.opset ?? 18;
  const params = paramEntries(opts.params);
  const names = new Set<string>();
  params.forEach(([name, t]) => {
    if (typeof name !== 'string' || !name) throw new TypeError(`exportOnnx: params: a name must be a non-empty string, got ${String(name)}`);
    if (!(t instanceof Tensor)) throw new TypeError(`exportOnnx: params: '${name}' is not a Tensor`);
    if (names.has(name)) throw new TypeError(`exportOnnx: params: '${name}' is given twice`);
    if (inputs.includes(t)) throw new TypeError(`exportOnnx: params: '${name}' is also an example input`);
    names.add(name);
  });
  const inputNames = opts.inputNames ? [...opts.inputNames] : inputs.map((_, i) => `input${i}`);
  if (inputNames.length !== inputs.length) {
    throw new RangeError(`exportOnnx: inputNames has ${inputNames.length} names for ${inputs.length} example inputs`);
  }
  checkNames('inputNames', inputNames, [...names]);
  const outputNames = opts.outputNames ? [...opts.outputNames] : [];
  return {
    inputs: [...inputs], inputNames, outputNames, params, opset,
    batched: inputs.map(() => false), dynamicBatch: opts.dynamicBatch ?? true, lossesAsFunctions: opts.lossesAsFunctions ?? true, modulesAsFunctions: opts.modulesAsFunctions ?? false,
  };
}

function paramEntries(p: ExportOnnxOptions['params']): Array<readonly [string, Tensor]> {
  if (p === undefined) return [];
  if (typeof p !== 'object' || p === null) throw new TypeError('exportOnnx: params must be [name, Tensor] pairs (namedParameters()) or a { name: Tensor } object');
  if (Symbol.iterator in p) {
    return [...(p as Iterable<readonly [string, Tensor]>)].map((e, i) => {
      if (!Array.isArray(e) || e.length !== 2) throw new TypeError(`exportOnnx: params entry ${i} is not a [name, Tensor] pair`);
      return e;
    });
  }
  return Object.entries(p as Record<string, Tensor>);
}

export function checkNames(what: string, names: readonly string[], taken: readonly string[]): void {
  const seen = new Set(taken);
  for (const n of names) {
    if (typeof n !== 'string' || !n) throw new TypeError(`exportOnnx: ${what}: names must be non-empty strings, got ${String(n)}`);
    if (seen.has(n)) throw new TypeError(`exportOnnx: ${what}: '${n}' is used twice (inputs, outputs and params share one namespace)`);
    seen.add(n);
  }
}
