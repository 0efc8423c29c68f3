/**
 * @jest-environment ./libs/inference/src/testing/onnxruntime.jest-environment.ts
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { buildPaddedModel, PADDING_INITIALIZER_NAME, writePaddedModel } from './padded-model.builder';

// Jest's element-wise equality takes seconds on megabytes; a digest compares the same thing in milliseconds.
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

// decode() builds class instances whose fields are all set; the declared types are the looser interfaces.
const decodeGraph = (bytes: Uint8Array): onnx.GraphProto => onnx.ModelProto.decode(bytes).graph as onnx.GraphProto;
const paddingOf = (graph: onnx.GraphProto): onnx.TensorProto => graph.initializer[0] as onnx.TensorProto;

describe('buildPaddedModel', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-padded-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([400, 1000, 4097, 65_536, 1_000_003, 3 * 1024 * 1024])(
    'lands within 4 bytes under a %d-byte target',
    (targetBytes) => {
      const size = buildPaddedModel({ targetBytes }).length;
      expect(size).toBeLessThanOrEqual(targetBytes);
      expect(size).toBeGreaterThan(targetBytes - 4);
    },
  );

  it('decodes as a ModelProto whose graph uses one large float32 initializer', () => {
    const graph = decodeGraph(buildPaddedModel({ targetBytes: 10_000 }));
    expect(graph.initializer).toHaveLength(1);
    const padding = paddingOf(graph);
    expect(padding.name).toBe(PADDING_INITIALIZER_NAME);
    expect(padding.dataType).toBe(onnx.TensorProto.DataType.FLOAT);
    expect(padding.rawData.length).toBe(Number(padding.dims[0]) * 4);
    expect(padding.rawData.length).toBeGreaterThan(9_500);
    expect(graph.node.flatMap((node) => node.input ?? [])).toContain(PADDING_INITIALIZER_NAME);
  });

  it('runs in onnxruntime as y = x + sum(padding)', async () => {
    const bytes = buildPaddedModel({ targetBytes: 20_000 });
    const padding = paddingOf(decodeGraph(bytes)).rawData;
    const view = new DataView(padding.buffer, padding.byteOffset, padding.byteLength);
    let sum = 0;
    for (let offset = 0; offset < padding.byteLength; offset += 4) sum += view.getFloat32(offset, true);

    const session = await InferenceSession.create(bytes, { executionProviders: ['cpu'] });
    try {
      const result = await session.run({ x: new Tensor('float32', Float32Array.from([1, -2]), [2, 1]) });
      const y = Array.from(result.y.data as Float32Array);
      // float32 accumulation over ~5000 values in some order of onnxruntime's choosing.
      expect(Math.abs(y[0] - (1 + sum))).toBeLessThan(1e-3);
      expect(Math.abs(y[1] - (-2 + sum))).toBeLessThan(1e-3);
    } finally {
      await session.release();
    }
  });

  it('is deterministic and the streamed file has the same bytes', async () => {
    const built = buildPaddedModel({ targetBytes: 3 * 1024 * 1024 + 17 });
    expect(sha256(buildPaddedModel({ targetBytes: 3 * 1024 * 1024 + 17 }))).toBe(sha256(built));
    const filePath = join(dir, 'streamed.onnx');
    // Over three write chunks, so chunk boundaries are covered.
    const written = await writePaddedModel(filePath, 3 * 1024 * 1024 + 17);
    expect(written).toBe(built.length);
    expect(sha256(readFileSync(filePath))).toBe(sha256(built));
  });

  it('writes a 100 MiB model quickly and onnxruntime loads it', async () => {
    const filePath = join(dir, 'padded-100mib.onnx');
    const targetBytes = 100 * 1024 * 1024;
    const started = Date.now();
    await writePaddedModel(filePath, targetBytes);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(statSync(filePath).size).toBeGreaterThan(targetBytes - 4);

    const session = await InferenceSession.create(filePath, {
      graphOptimizationLevel: 'disabled',
      executionProviders: ['cpu'],
    });
    try {
      expect(session.inputNames).toEqual(['x']);
      expect(session.outputNames).toEqual(['y']);
    } finally {
      await session.release();
    }
  });

  it('refuses a target that is not a positive integer', () => {
    expect(() => buildPaddedModel({ targetBytes: 0 })).toThrow(RangeError);
    expect(() => buildPaddedModel({ targetBytes: 1.5 })).toThrow(RangeError);
  });
});
