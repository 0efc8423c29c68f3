import { onnx } from 'onnx-proto';

/** A declared dimension: fixed size, named symbolic dimension, or null for dynamic without a name. */
export type FixtureDimension = number | string | null;

// Fixed producer fields keep the encoded bytes (and so the SHA-256 the registry stores) identical across runs.
const PRODUCER_NAME = 'vigil-fixtures';
const PRODUCER_VERSION = '1';

export function tensorValueInfo(
  name: string,
  elemType: onnx.TensorProto.DataType,
  dims: readonly FixtureDimension[],
): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: {
          dim: dims.map((dim) => {
            if (typeof dim === 'number') return { dimValue: dim };
            if (typeof dim === 'string') return { dimParam: dim };
            return {};
          }),
        },
      },
    },
  };
}

export function floatInitializer(name: string, dims: readonly number[], values: readonly number[]): onnx.ITensorProto {
  assertElementCount(name, dims, values.length);
  return { name, dims: [...dims], dataType: onnx.TensorProto.DataType.FLOAT, floatData: [...values] };
}

export function int64Initializer(name: string, dims: readonly number[], values: readonly number[]): onnx.ITensorProto {
  assertElementCount(name, dims, values.length);
  return { name, dims: [...dims], dataType: onnx.TensorProto.DataType.INT64, int64Data: [...values] };
}

/** A model around `graph` importing the default ONNX domain at `opset`. */
export function fixtureModel(graph: onnx.IGraphProto, opset: number): onnx.IModelProto {
  return {
    irVersion: irVersionFor(opset),
    producerName: PRODUCER_NAME,
    producerVersion: PRODUCER_VERSION,
    opsetImport: [{ domain: '', version: opset }],
    graph,
  };
}

export function encodeFixtureModel(graph: onnx.IGraphProto, opset: number): Uint8Array {
  return onnx.ModelProto.encode(fixtureModel(graph, opset)).finish();
}

// The IR version ONNX released alongside each opset, so a fixture claims no newer format than its operators need
// (IR 7 also carries the older opsets, which keeps the table short).
function irVersionFor(opset: number): number {
  if (!Number.isInteger(opset) || opset < 7) throw new RangeError(`opset must be an integer >= 7, got ${opset}`);
  if (opset <= 14) return 7;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  if (opset <= 22) return 10;
  return 11;
}

function assertElementCount(name: string, dims: readonly number[], count: number): void {
  const expected = dims.reduce((product, dim) => product * dim, 1);
  if (expected !== count)
    throw new RangeError(`initializer ${name}: dims [${dims.join(', ')}] need ${expected} values, got ${count}`);
}
