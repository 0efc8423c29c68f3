import { type IoSignature } from '@vigil/domain';
import { type InferenceSession } from 'onnxruntime-node';
import { NotAnOnnxModelError } from '../errors/not-an-onnx-model.error';
import { inspectionSessionOptions } from './inspection-session-options';
import { toIoSignature } from './io-signature.mapper';
import { trimOrtReason } from './ort-error-reason';
import { isModelRejection, toOrtLoadFailure } from './ort-load-failure';

/**
 * Opens the model in this process. Cheap for small trusted files (the CLI's local runs); for uploads prefer the
 * isolated reader, since the whole model is parsed into this process's memory.
 */
export async function readSignatureInProcess(filePath: string): Promise<IoSignature> {
  // Loaded on first use so a server that only inspects in isolation never maps the native runtime (~15 MB RSS).
  const ort = await import('onnxruntime-node');
  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(filePath, inspectionSessionOptions());
  } catch (error) {
    const failure = toOrtLoadFailure(error);
    if (isModelRejection(failure)) throw new NotAnOnnxModelError(trimOrtReason(failure.message, filePath));
    throw error;
  }
  try {
    return toIoSignature(session.inputMetadata, session.outputMetadata);
  } finally {
    await session.release();
  }
}
