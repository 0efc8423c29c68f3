import { type IoSignature, type TensorSignature } from '@vigil/domain';

/**
 * The parts of onnxruntime's value metadata we record. Structural rather than ORT's own type, so metadata that
 * crossed a process boundary as JSON maps the same way as metadata read in-process.
 */
export interface ReportedValueMetadata {
  readonly name: string;
  readonly isTensor: boolean;
  readonly type?: string;
  readonly shape?: readonly (number | string)[];
}

export function toIoSignature(
  inputs: readonly ReportedValueMetadata[],
  outputs: readonly ReportedValueMetadata[],
): IoSignature {
  return { inputs: inputs.map(toTensorSignature), outputs: outputs.map(toTensorSignature) };
}

export function toTensorSignature(metadata: ReportedValueMetadata): TensorSignature {
  if (!metadata.isTensor || metadata.type === undefined) {
    return { name: metadata.name, type: 'non-tensor', shape: [] };
  }
  return { name: metadata.name, type: metadata.type, shape: (metadata.shape ?? []).map(toDimension) };
}

// ORT reports an unnamed dynamic dimension as an empty symbol (and older builds as -1); the domain type
// spells "dynamic, no name" as null so callers need not know either convention.
function toDimension(dim: number | string): number | string | null {
  if (typeof dim === 'string') return dim === '' ? null : dim;
  return dim >= 0 ? dim : null;
}
