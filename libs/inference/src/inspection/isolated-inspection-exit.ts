import { type IoSignature } from '@vigil/domain';
import { NotAnOnnxModelError } from '../errors/not-an-onnx-model.error';
import { OnnxInspectionTimeoutError } from '../errors/onnx-inspection-timeout.error';
import { type ReportedValueMetadata, toIoSignature } from './io-signature.mapper';
import { trimOrtReason } from './ort-error-reason';
import { isModelRejection, type OrtLoadFailure } from './ort-load-failure';

/** What the parent saw of one inspection child, from spawn to close. */
export interface IsolatedInspectionExit {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
}

export interface IsolatedInspectionContext {
  readonly filePath: string;
  readonly timeoutMs: number;
}

// Signals a native parser raises on itself when malformed input drives it into a fault. A child dying of
// these was killed by the file it was reading; other signals (an OOM kill, an operator) say nothing about it.
const PARSER_FAULT_SIGNALS: readonly NodeJS.Signals[] = ['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGABRT'];

/**
 * Decides what a finished inspection child means: the signature, a verdict on the file (not ONNX, including
 * a parser crash), a timeout, or an infrastructure failure reported as a plain Error with the child's stderr,
 * which the caller should treat as unexpected (500) and log whole.
 */
export function interpretIsolatedInspectionExit(
  exit: IsolatedInspectionExit,
  context: IsolatedInspectionContext,
): IoSignature {
  if (exit.timedOut) throw new OnnxInspectionTimeoutError(context.timeoutMs);

  const reply = parseReply(exit.stdout);
  if (reply !== undefined) {
    switch (reply.status) {
      case 'loaded':
        return toIoSignature(reply.inputs, reply.outputs);
      case 'rejected':
        if (isModelRejection(reply.failure)) {
          throw new NotAnOnnxModelError(trimOrtReason(reply.failure.message, context.filePath));
        }
        throw new Error(`onnxruntime refused the inspection request: ${reply.failure.name}: ${reply.failure.message}`);
      case 'runtime-unavailable':
        throw new Error(`The inspection child could not load onnxruntime-node: ${reply.failure.message}`);
    }
  }

  if (exit.signal !== null && PARSER_FAULT_SIGNALS.includes(exit.signal)) {
    throw new NotAnOnnxModelError(`onnxruntime crashed while parsing the file (${exit.signal})`);
  }
  const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${String(exit.exitCode)}`;
  const stderr = exit.stderr.trim();
  throw new Error(`The ONNX inspection child ${how} without a result${stderr === '' ? '' : `: ${stderr}`}`);
}

type IsolatedReply =
  | { status: 'loaded'; inputs: ReportedValueMetadata[]; outputs: ReportedValueMetadata[] }
  | { status: 'rejected' | 'runtime-unavailable'; failure: OrtLoadFailure };

// The child's stdout is trusted no more than the file it read: anything that is not exactly one of the
// expected replies counts as no reply at all.
function parseReply(stdout: string): IsolatedReply | undefined {
  const lastLine = stdout.trimEnd().split('\n').pop() ?? '';
  let value: unknown;
  try {
    value = JSON.parse(lastLine);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  if (value.status === 'loaded' && isMetadataList(value.inputs) && isMetadataList(value.outputs)) {
    return { status: 'loaded', inputs: value.inputs, outputs: value.outputs };
  }
  if (
    (value.status === 'rejected' || value.status === 'runtime-unavailable') &&
    typeof value.name === 'string' &&
    typeof value.message === 'string'
  ) {
    return { status: value.status, failure: { name: value.name, message: value.message } };
  }
  return undefined;
}

function isMetadataList(value: unknown): value is ReportedValueMetadata[] {
  return Array.isArray(value) && value.every(isMetadata);
}

function isMetadata(value: unknown): value is ReportedValueMetadata {
  if (!isRecord(value) || typeof value.name !== 'string' || typeof value.isTensor !== 'boolean') return false;
  if (value.type !== undefined && typeof value.type !== 'string') return false;
  return (
    value.shape === undefined ||
    (Array.isArray(value.shape) && value.shape.every((dim) => typeof dim === 'number' || typeof dim === 'string'))
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
