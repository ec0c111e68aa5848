// A node test environment whose typed arrays are the host realm's own. onnxruntime-node checks
// tensors with `instanceof Float32Array` against the host realm; under Jest's default sandbox
// the arrays transformers.js builds come from another realm and every inference is refused.
// Used by tests of the onnx embedding provider (`@jest-environment` docblock).
const { TestEnvironment } = require('jest-environment-node');

const TYPED_ARRAYS = [
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
];

class NativeTypedArraysEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = NativeTypedArraysEnvironment;
