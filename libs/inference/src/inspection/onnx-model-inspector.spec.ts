import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type IoSignature } from '@vigil/domain';
import { onnx } from 'onnx-proto';
import { NotAnOnnxModelError } from '../errors/not-an-onnx-model.error';
import { OnnxInspectionTimeoutError } from '../errors/onnx-inspection-timeout.error';
import { writeFixture } from '../testing/fixture-file.writer';
import { buildLogisticModel } from '../testing/logistic-model.builder';
import { encodeFixtureModel, tensorValueInfo } from '../testing/onnx-model-parts';
import { type StandardFixturePaths, writeStandardFixtures } from '../testing/write-fixtures';
import { inspectOnnxModel, type InspectOnnxModelOptions } from './onnx-model-inspector';

const LOGISTIC_SIGNATURE: IoSignature = {
  inputs: [{ name: 'features', type: 'float32', shape: ['batch', 4] }],
  outputs: [{ name: 'probability', type: 'float32', shape: ['batch', 1] }],
};
const MULTI_IO_SIGNATURE: IoSignature = {
  inputs: [
    { name: 'vitals', type: 'float32', shape: ['batch', 3] },
    { name: 'age_band', type: 'int64', shape: ['batch', 1] },
  ],
  outputs: [
    { name: 'risk', type: 'float32', shape: ['batch', 1] },
    { name: 'alert', type: 'bool', shape: ['batch', 1] },
  ],
};
const PADDED_SIGNATURE: IoSignature = {
  inputs: [{ name: 'x', type: 'float32', shape: ['batch', 1] }],
  outputs: [{ name: 'y', type: 'float32', shape: ['batch', 1] }],
};

describe('inspectOnnxModel', () => {
  let dir: string;
  let fixtures: StandardFixturePaths;
  let unnamedDims: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-inspect-'));
    fixtures = await writeStandardFixtures(dir, { paddedModelBytes: 2 * 1024 * 1024 });
    // Some exporters leave dynamic dims unnamed; graph inputs keep their declared shape, so this reaches
    // onnxruntime's metadata unchanged.
    const { FLOAT } = onnx.TensorProto.DataType;
    const identity = encodeFixtureModel(
      {
        name: 'unnamed_dims',
        input: [tensorValueInfo('x', FLOAT, [null, 'time', 8])],
        output: [tensorValueInfo('y', FLOAT, [null, 'time', 8])],
        node: [{ opType: 'Identity', input: ['x'], output: ['y'] }],
      },
      13,
    );
    unnamedDims = writeFixture(dir, 'unnamed-dims.onnx', identity);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const modes: [string, InspectOnnxModelOptions][] = [
    ['in-process', {}],
    ['isolated', { isolate: true }],
  ];

  describe.each(modes)('%s', (_mode, options) => {
    it('records the logistic model: named batch dim, fixed width', async () => {
      await expect(inspectOnnxModel(fixtures.logistic, options)).resolves.toEqual(LOGISTIC_SIGNATURE);
    });

    it('records both inputs and both outputs of the multi-IO model, in order, with their types', async () => {
      await expect(inspectOnnxModel(fixtures.multiIO, options)).resolves.toEqual(MULTI_IO_SIGNATURE);
    });

    it('records the padded model', async () => {
      await expect(inspectOnnxModel(fixtures.padded!, options)).resolves.toEqual(PADDED_SIGNATURE);
    });

    it('records custom tensor names', async () => {
      const path = writeFixture(
        dir,
        'custom-names.onnx',
        buildLogisticModel({ weights: [1, 2], bias: 0, inputName: 'labs', outputName: 'sepsis_risk' }),
      );
      await expect(inspectOnnxModel(path, options)).resolves.toEqual({
        inputs: [{ name: 'labs', type: 'float32', shape: ['batch', 2] }],
        outputs: [{ name: 'sepsis_risk', type: 'float32', shape: ['batch', 1] }],
      });
    });

    it('records an unnamed dynamic dim as null', async () => {
      const signature = await inspectOnnxModel(unnamedDims, options);
      expect(signature.inputs).toEqual([{ name: 'x', type: 'float32', shape: [null, 'time', 8] }]);
    });

    it.each([
      ['random bytes', 'randomBytes', 'Protobuf parsing failed'],
      ['an empty file', 'empty', 'the file is empty (0 bytes)'],
      ['a text file', 'text', 'Protobuf parsing failed'],
      ['a truncated model', 'truncated', 'Protobuf parsing failed'],
    ] as const)('rejects %s with NotAnOnnxModelError', async (_case, fixture, reason) => {
      const error: unknown = await inspectOnnxModel(fixtures[fixture], options).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NotAnOnnxModelError);
      const notOnnx = error as NotAnOnnxModelError;
      expect(notOnnx.code).toBe('artifact_not_onnx');
      expect(notOnnx.reason).toBe(reason);
      expect(notOnnx.message).toContain(`not a loadable ONNX model: ${reason}.`);
      expect(notOnnx.message).not.toContain(dir);
    });

    it('lets a missing file through as a host error, not as "not ONNX"', async () => {
      const error: unknown = await inspectOnnxModel(join(dir, 'absent.onnx'), options).catch(
        (caught: unknown) => caught,
      );
      expect(error).not.toBeInstanceOf(NotAnOnnxModelError);
      expect(error).toMatchObject({ code: 'ENOENT' });
    });
  });

  it('gives identical signatures in-process and isolated for every loadable fixture', async () => {
    for (const path of [fixtures.logistic, fixtures.multiIO, fixtures.padded!, unnamedDims]) {
      const inProcess = await inspectOnnxModel(path);
      const isolated = await inspectOnnxModel(path, { isolate: true });
      expect(isolated).toEqual(inProcess);
    }
  });

  it('kills the child and raises OnnxInspectionTimeoutError when the timeout passes', async () => {
    // The module object itself (not an ES namespace copy), which is what the reader's `spawn` import reads from.
    const childProcess = jest.requireActual<typeof import('node:child_process')>('node:child_process');
    const spawned: ChildProcess[] = [];
    const realSpawn = childProcess.spawn;
    const spy = jest.spyOn(childProcess, 'spawn').mockImplementation((...args: Parameters<typeof realSpawn>) => {
      const child = realSpawn(...args);
      spawned.push(child);
      return child;
    });
    try {
      const error: unknown = await inspectOnnxModel(fixtures.padded!, { isolate: true, timeoutMs: 5 }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(OnnxInspectionTimeoutError);
      expect(error).toMatchObject({ code: 'artifact_inspection_timeout', timeoutMs: 5 });
      expect(spawned).toHaveLength(1);
      // Settled only after the child is gone: it died of our SIGKILL, not of natural causes.
      expect(spawned[0].signalCode).toBe('SIGKILL');
      expect(spawned[0].exitCode).toBeNull();
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses a timeout that is not a positive number', async () => {
    await expect(inspectOnnxModel(fixtures.logistic, { isolate: true, timeoutMs: 0 })).rejects.toThrow(RangeError);
    await expect(inspectOnnxModel(fixtures.logistic, { isolate: true, timeoutMs: Number.NaN })).rejects.toThrow(
      RangeError,
    );
  });
});
