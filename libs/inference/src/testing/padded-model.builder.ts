import { type FileHandle, open } from 'node:fs/promises';
import { onnx } from 'onnx-proto';
import { fixtureModel, tensorValueInfo } from './onnx-model-parts';
import { lengthDelimitedHeader } from './protobuf-framing';
import { SeededRandom } from './seeded-random';

export interface PaddedModelOptions {
  /** Desired file size; the model is at most this large and within a few bytes of it (minimum ~300 bytes). */
  readonly targetBytes: number;
}

/** Name of the float32 initializer that carries the bulk of the padded model. */
export const PADDING_INITIALIZER_NAME = 'padding';
const PADDING_SEED = 20240611;
const FLOAT_BYTES = 4;
const WRITE_CHUNK_BYTES = 1 << 20;

// Field numbers from onnx.proto: ModelProto.graph, GraphProto.initializer, TensorProto.raw_data.
const MODEL_GRAPH_FIELD = 7;
const GRAPH_INITIALIZER_FIELD = 5;
const TENSOR_RAW_DATA_FIELD = 9;

/**
 * A valid model of about `targetBytes`, for registration and upload benchmarks. Graph: y = x + ReduceSum(padding)
 * with x, y float32 [batch, 1], so the large `padding` initializer is really used (onnxruntime drops unused
 * initializers) while running the model stays cheap. Padding values come from a seeded generator: identical
 * bytes every time, yet incompressible, so transport and storage benchmarks cannot be flattered by compression.
 *
 * Holds one copy of the model in memory; prefer {@link writePaddedModel} for large files.
 */
export function buildPaddedModel(options: PaddedModelOptions): Uint8Array {
  const layout = layoutPaddedModel(options.targetBytes);
  const bytes = new Uint8Array(layout.head.length + layout.paddingBytes);
  bytes.set(layout.head, 0);
  fillPadding(new SeededRandom(PADDING_SEED), bytes.subarray(layout.head.length));
  return bytes;
}

/** Streams the same bytes as {@link buildPaddedModel} to `filePath` in 1 MiB chunks; returns the size written. */
export async function writePaddedModel(filePath: string, targetBytes: number): Promise<number> {
  const layout = layoutPaddedModel(targetBytes);
  const random = new SeededRandom(PADDING_SEED);
  const file = await open(filePath, 'w');
  try {
    await writeAll(file, layout.head);
    const chunk = new Uint8Array(WRITE_CHUNK_BYTES);
    for (let remaining = layout.paddingBytes; remaining > 0;) {
      const part = chunk.subarray(0, Math.min(remaining, WRITE_CHUNK_BYTES));
      fillPadding(random, part);
      await writeAll(file, part);
      remaining -= part.length;
    }
  } finally {
    await file.close();
  }
  return layout.head.length + layout.paddingBytes;
}

// FileHandle.write may write less than asked (a full disk, a signal); the file must not silently come out short.
async function writeAll(file: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let offset = 0; offset < bytes.length;) {
    const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
    if (bytesWritten === 0) throw new Error('the file system accepted no more bytes');
    offset += bytesWritten;
  }
}

interface PaddedModelLayout {
  /** Every byte of the model before the padding's raw data, which runs to the end of the file. */
  readonly head: Uint8Array;
  readonly paddingBytes: number;
}

// The model is encoded without the padding tensor by protobufjs; the graph field that holds it is then framed
// by hand with the padding's raw_data last, so the 100 MB payload can be generated straight into place (or to
// disk) instead of being built as a buffer and copied again by the encoder. Protobuf does not care that
// ModelProto.graph comes after the other fields, nor raw_data after the tensor's other fields.
function layoutPaddedModel(targetBytes: number): PaddedModelLayout {
  if (!Number.isSafeInteger(targetBytes) || targetBytes <= 0) {
    throw new RangeError(`targetBytes must be a positive integer, got ${targetBytes}`);
  }
  const { FLOAT } = onnx.TensorProto.DataType;
  const graph: onnx.IGraphProto = {
    name: 'padded',
    input: [tensorValueInfo('x', FLOAT, ['batch', 1])],
    output: [tensorValueInfo('y', FLOAT, ['batch', 1])],
    node: [
      // No axes input: ReduceSum then reduces every axis, keeping a [1] result.
      { name: 'sum_padding', opType: 'ReduceSum', input: [PADDING_INITIALIZER_NAME], output: ['padding_sum'] },
      { name: 'add_sum', opType: 'Add', input: ['x', 'padding_sum'], output: ['y'] },
    ],
  };
  const { graph: _graph, ...modelWithoutGraph } = fixtureModel(graph, 13);
  const modelFields = onnx.ModelProto.encode(modelWithoutGraph).finish();
  const graphFields = onnx.GraphProto.encode(graph).finish();

  // The varint lengths depend on the float count and the float count on what is left after them; a few rounds
  // settle it because the head only grows by a byte at a time as the count grows.
  let floatCount = 1;
  for (let round = 0; round < 4; round += 1) {
    const headBytes = frameHead(modelFields, graphFields, floatCount).length;
    floatCount = Math.max(1, Math.floor((targetBytes - headBytes) / FLOAT_BYTES));
  }
  while (
    floatCount > 1 &&
    frameHead(modelFields, graphFields, floatCount).length + floatCount * FLOAT_BYTES > targetBytes
  ) {
    floatCount -= 1;
  }
  return { head: frameHead(modelFields, graphFields, floatCount), paddingBytes: floatCount * FLOAT_BYTES };
}

function frameHead(modelFields: Uint8Array, graphFields: Uint8Array, floatCount: number): Uint8Array {
  const paddingBytes = floatCount * FLOAT_BYTES;
  const tensorFields = onnx.TensorProto.encode({
    name: PADDING_INITIALIZER_NAME,
    dims: [floatCount],
    dataType: onnx.TensorProto.DataType.FLOAT,
  }).finish();
  const rawHeader = lengthDelimitedHeader(TENSOR_RAW_DATA_FIELD, paddingBytes);
  const tensorLength = tensorFields.length + rawHeader.length + paddingBytes;
  const initializerHeader = lengthDelimitedHeader(GRAPH_INITIALIZER_FIELD, tensorLength);
  const graphLength = graphFields.length + initializerHeader.length + tensorLength;
  const graphHeader = lengthDelimitedHeader(MODEL_GRAPH_FIELD, graphLength);
  return concat([modelFields, graphHeader, graphFields, initializerHeader, tensorFields, rawHeader]);
}

// Values in [-1, 1) written little-endian, as TensorProto.raw_data requires whatever the host's byte order.
function fillPadding(random: SeededRandom, target: Uint8Array): void {
  const view = new DataView(target.buffer, target.byteOffset, target.byteLength);
  for (let offset = 0; offset + FLOAT_BYTES <= target.byteLength; offset += FLOAT_BYTES) {
    view.setFloat32(offset, random.nextFloat() * 2 - 1, true);
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
