import { stat } from 'node:fs/promises';
import { type IoSignature } from '@vigil/domain';
import { NotAnOnnxModelError } from '../errors/not-an-onnx-model.error';
import { readSignatureInProcess } from './in-process-signature.reader';
import { readSignatureIsolated } from './isolated-signature.reader';

export interface InspectOnnxModelOptions {
  /**
   * Load the model in a child process (default false). Use it for anything uploaded: a native parser crash then
   * costs a child, not the server, and the model's memory is never mapped into the caller.
   */
  readonly isolate?: boolean;
  /** Only with `isolate`: how long the child may take before it is killed (default 60 000 ms). */
  readonly timeoutMs?: number;
}

export const DEFAULT_INSPECTION_TIMEOUT_MS = 60_000;

/**
 * Reads the inputs and outputs of the ONNX model at `filePath` as onnxruntime sees them.
 *
 * @throws NotAnOnnxModelError when the file is not a model onnxruntime can load.
 * @throws OnnxInspectionTimeoutError when an isolated inspection runs past `timeoutMs`.
 * Other errors (a missing file, a child that could not start) are faults of the host, not of the upload.
 */
export async function inspectOnnxModel(filePath: string, options: InspectOnnxModelOptions = {}): Promise<IoSignature> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_INSPECTION_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
  }

  // A missing path is the caller's bug and must not reach the uploader as "not ONNX", so stat lets ENOENT through.
  const file = await stat(filePath);
  if (!file.isFile()) throw new Error(`Cannot inspect ${filePath}: not a regular file`);
  // onnxruntime's complaint about an empty file ("ModelProto does not have a graph") would only confuse.
  if (file.size === 0) throw new NotAnOnnxModelError('the file is empty (0 bytes)');

  return options.isolate === true ? readSignatureIsolated(filePath, timeoutMs) : readSignatureInProcess(filePath);
}
