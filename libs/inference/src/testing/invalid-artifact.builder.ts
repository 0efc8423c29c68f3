import { SeededRandom } from './seeded-random';

/** Bytes that are no protobuf at all: what a corrupted or mislabelled upload looks like. */
export function buildRandomBytesArtifact(length = 4096, seed = 7): Uint8Array {
  const random = new SeededRandom(seed);
  const bytes = new Uint8Array(length);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = random.nextUint32() & 0xff;
  return bytes;
}

/** A text file, the commonest wrong upload (a README, a CSV, a pickled-model path). */
export function buildTextArtifact(): Uint8Array {
  return new TextEncoder().encode(
    'patient_id,age,score\n1,54,0.42\n2,61,0.77\nThis is a CSV file, not an ONNX model.\n',
  );
}

/** The first `keepFraction` of a valid model, as left by an interrupted upload. */
export function buildTruncatedArtifact(modelBytes: Uint8Array, keepFraction = 0.5): Uint8Array {
  if (!(keepFraction > 0 && keepFraction < 1))
    throw new RangeError(`keepFraction must be in (0, 1), got ${keepFraction}`);
  return modelBytes.slice(0, Math.max(1, Math.floor(modelBytes.length * keepFraction)));
}
