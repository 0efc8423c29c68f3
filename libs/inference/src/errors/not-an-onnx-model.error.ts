/**
 * The uploaded artifact could not be loaded as an ONNX model. Carries a stable `code` for the HTTP layer
 * (422 `artifact_not_onnx`) and keeps the runtime's own reason apart so logs can record it verbatim.
 */
export class NotAnOnnxModelError extends Error {
  readonly code = 'artifact_not_onnx' as const;

  constructor(
    /** Why onnxruntime refused the file, trimmed of source locations and server paths. */
    readonly reason: string,
  ) {
    super(
      `The artifact is not a loadable ONNX model: ${reason}. ` +
        'Upload the .onnx file written by your exporter (for example torch.onnx.export or tf2onnx), ' +
        'with its weights embedded rather than in external data files, and register the version again.',
    );
    this.name = 'NotAnOnnxModelError';
  }
}
