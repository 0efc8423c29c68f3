/**
 * Reading a model's inputs and outputs in a child process took longer than allowed, so the child was killed.
 * Distinct from {@link NotAnOnnxModelError}: the file may be fine and the host merely slow or overloaded,
 * so the caller may retry or raise the limit rather than blame the upload.
 */
export class OnnxInspectionTimeoutError extends Error {
  readonly code = 'artifact_inspection_timeout' as const;

  constructor(readonly timeoutMs: number) {
    super(
      `Reading the ONNX model's inputs and outputs did not finish within ${timeoutMs} ms; the attempt was stopped.`,
    );
    this.name = 'OnnxInspectionTimeoutError';
  }
}
