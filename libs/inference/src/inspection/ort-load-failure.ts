/** An error thrown while onnxruntime opened a model, reduced to what can cross a process boundary. */
export interface OrtLoadFailure {
  readonly name: string;
  readonly message: string;
}

export function toOrtLoadFailure(error: unknown): OrtLoadFailure {
  // Duck-typed, not instanceof: errors raised by the native binding come from Node's own realm, which under
  // Jest differs from the test's, so `instanceof Error` would wrongly fail there.
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    const name = 'name' in error && typeof error.name === 'string' ? error.name : 'Error';
    return { name, message: error.message };
  }
  return { name: 'Error', message: String(error) };
}

/**
 * Whether the failure is onnxruntime refusing the model rather than a fault in how we called it. The native
 * binding reports every load or initialisation failure as a plain `Error`; onnxruntime-common's own argument
 * checks throw `TypeError`/`RangeError`, which are our bugs and must not be blamed on the upload.
 */
export function isModelRejection(failure: OrtLoadFailure): boolean {
  return failure.name === 'Error';
}
