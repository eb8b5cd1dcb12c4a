/**
 * Tensors to and from bytes and JSON, with no file system (works in a browser): safetensors for
 * named tensors (state dicts), .npy for one array, and the JSON form of `Tensor.toJSON`.
 * File helpers (`save`, `load`) are in the Node entry, `tapegrad/node`.
 */
export { encodeSafetensors, decodeSafetensors, type SafetensorsFile, type EncodeSafetensorsOptions } from './safetensors.js';
export { encodeNpy, decodeNpy } from './npy.js';
export { tensorToJSON, type TensorJSON } from '../tensor/json.js';
export { fromJSON } from '../tensor/from-json.js';
