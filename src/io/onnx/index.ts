/** ONNX: export a traced function as a ModelProto, read a model's initializers back. Browser-clean (bytes in, bytes out). */
export { exportOnnx, lossDomain, moduleDomain, type ExportOnnxOptions } from './export.js';
export { onnxInitializers } from './initializers.js';
export { lowerings, type Lowering, type LoweringEntry, type LowerContext } from './lowering.js';
