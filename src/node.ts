/**
 * tapegrad/node: the Node-only extras (anything that needs `node:` modules). The main entry
 * stays browser-clean; import this one in scripts that read or write files.
 * @module tapegrad/node
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Tensor } from './tensor/tensor.js';
import { decodeNpy, encodeNpy } from './io/npy.js';
import { decodeSafetensors, encodeSafetensors } from './io/safetensors.js';
import { fromJSON } from './tensor/from-json.js';
import type { TensorJSON } from './tensor/json.js';
import { exportOnnx, type ExportOnnxOptions } from './io/onnx/export.js';
import { toDot, type DotOptions } from './graph/dot.js';
import { checkOptions } from './tensor/options.js';

/** Options of `save`. */
export interface SaveOptions {
  /** safetensors only: the header's `__metadata__` (string values). */
  metadata?: Record<string, string>;
  /** safetensors only: int32 tensors written as I64 (PyTorch's integer type), all or by name; see encodeSafetensors. */
  int64?: boolean | readonly string[];
}

/**
 * Writes tensors to a file, in the format its extension names:
 * - `.safetensors`: a state dict (`{ name: Tensor }`), the format PyTorch and Hugging Face load;
 * - `.npy`: one tensor, readable by `numpy.load`;
 * - `.json`: a state dict as `{ name: { dtype, shape, data } }` (see `Tensor.toJSON`).
 * @example save('model.safetensors', model.stateDict())
 */
export function save(file: string, value: Tensor | Record<string, Tensor>, opts: SaveOptions = {}): void {
  checkOptions('save', opts, { metadata: { want: 'an object of string values', ok: (v) => typeof v === 'object' && v !== null && Object.values(v).every((s) => typeof s === 'string') } });
  const ext = extname(file).toLowerCase();
  if (ext === '.npy') {
    if (!(value instanceof Tensor)) throw new TypeError(`save: '${file}' is a .npy file, which holds one tensor; got a dict (use .safetensors for a state dict)`);
    writeFileSync(file, encodeNpy(value));
    return;
  }
  if (value instanceof Tensor) throw new TypeError(`save: '${file}' holds a dict of named tensors; pass { name: tensor } (or use .npy for one tensor)`);
  for (const [k, v] of Object.entries(value)) {
    if (!(v instanceof Tensor)) throw new TypeError(`save: entry '${k}' is not a Tensor`);
  }
  if (ext === '.safetensors') writeFileSync(file, encodeSafetensors(value, opts.metadata, opts.int64 === undefined ? {} : { int64: opts.int64 }));
  else if (ext === '.json') writeFileSync(file, JSON.stringify(value));
  else throw new RangeError(`save: cannot tell the format of '${file}' (use .safetensors, .npy or .json)`);
}

/**
 * Reads what `save` wrote (or a file from PyTorch/NumPy) by its extension: `.npy` gives a Tensor,
 * `.safetensors` and `.json` a dict of named tensors (safetensors metadata: `loadSafetensors`).
 */
export function load(file: `${string}.npy`): Tensor;
export function load(file: string): Record<string, Tensor>;
export function load(file: string): Tensor | Record<string, Tensor> {
  const ext = extname(file).toLowerCase();
  if (ext === '.npy') return decodeNpy(readFileSync(file));
  if (ext === '.safetensors') return decodeSafetensors(readFileSync(file)).tensors;
  if (ext === '.json') {
    const dict = JSON.parse(readFileSync(file, 'utf8')) as Record<string, TensorJSON>;
    return Object.fromEntries(Object.entries(dict).map(([k, v]) => [k, fromJSON(v)]));
  }
  throw new RangeError(`load: cannot tell the format of '${file}' (use .safetensors, .npy or .json)`);
}

/** A safetensors file's tensors and its `__metadata__`. */
export function loadSafetensors(file: string): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  return decodeSafetensors(readFileSync(file));
}

/**
 * exportOnnx(f, exampleInputs, opts) written to `file` (conventionally `.onnx`); returns the bytes.
 * @example saveOnnx('model.onnx', (x) => model.forward(x), [xb], { params: model.namedParameters() })
 */
export function saveOnnx(
  file: string,
  f: (...inputs: Tensor[]) => Tensor | Tensor[],
  exampleInputs: Tensor | readonly Tensor[],
  opts?: ExportOnnxOptions,
): Uint8Array {
  if (typeof file !== 'string' || !file) throw new TypeError(`saveOnnx: file must be a non-empty path, got ${String(file)}`);
  const bytes = exportOnnx(f, exampleInputs, opts);
  writeFileSync(file, bytes);
  return bytes;
}

/** Writes toDot(t, opts) to `path` (render it with `dot -Tsvg path`). */
export function writeDot(path: string, t: Tensor, opts?: DotOptions): void {
  writeFileSync(path, toDot(t, opts));
}
