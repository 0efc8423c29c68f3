import { TestEnvironment } from 'jest-environment-node';

/**
 * Jest's node environment gives each test file its own realm, but onnxruntime-node's native binding allocates
 * output typed arrays in Node's main realm, so onnxruntime-common (loaded inside the test realm) rejects them:
 * "A float32 tensor's data must be type of function Float32Array()". Jest already shares `Uint8Array` and
 * `ArrayBuffer` with the main realm for the same reason (TextEncoder); this shares the other typed arrays.
 *
 * Opt in per spec that runs a session, with a docblock at the top of the file:
 *   @jest-environment ./libs/inference/src/testing/onnxruntime.jest-environment.ts
 * Reading metadata alone (inspection) does not need it.
 */
export default class OnnxRuntimeTestEnvironment extends TestEnvironment {
  constructor(...args: ConstructorParameters<typeof TestEnvironment>) {
    super(...args);
    const shared = {
      Int8Array,
      Uint8ClampedArray,
      Int16Array,
      Uint16Array,
      Int32Array,
      Uint32Array,
      Float32Array,
      Float64Array,
      BigInt64Array,
      BigUint64Array,
    };
    Object.assign(this.global, shared);
  }
}
