/**
 * @jest-environment ./libs/inference/src/testing/onnxruntime.jest-environment.ts
 */
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { buildLogisticModel } from './logistic-model.builder';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

async function predict(model: Uint8Array, inputName: string, outputName: string, rows: number[][]): Promise<number[]> {
  const session = await InferenceSession.create(model, { executionProviders: ['cpu'] });
  try {
    const width = rows[0].length;
    const features = new Tensor('float32', Float32Array.from(rows.flat()), [rows.length, width]);
    const result = await session.run({ [inputName]: features });
    const output = result[outputName];
    expect(output.dims).toEqual([rows.length, 1]);
    return Array.from(output.data as Float32Array);
  } finally {
    await session.release();
  }
}

describe('buildLogisticModel', () => {
  // Values that are not exactly representable in float32 on purpose: the tolerance must absorb the rounding.
  const weights = [0.8, -0.5, 1.25, 0.05, -2.3];
  const bias = -0.3;
  const rows = [
    [0, 0, 0, 0, 0],
    [1, 2, 3, 4, 5],
    [-1.5, 0.25, 0.7, 10, -0.1],
    [3.3, -4.4, 0.01, -7, 2.2],
    [100, 0, 0, 0, 0],
  ];

  it('computes sigmoid(x·w + b) to 1e-6 in onnxruntime', async () => {
    const probabilities = await predict(buildLogisticModel({ weights, bias }), 'features', 'probability', rows);

    const expected = rows.map((row) => sigmoid(row.reduce((sum, x, i) => sum + x * weights[i], bias)));
    expect(probabilities).toHaveLength(rows.length);
    probabilities.forEach((p, i) => expect(Math.abs(p - expected[i])).toBeLessThan(1e-6));
    // Guard against a model that ignores its input and still lands near some expected values.
    expect(new Set(probabilities.map((p) => p.toFixed(4))).size).toBe(rows.length);
  });

  it.each([13, 17, 21])('loads and runs at opset %i with custom names', async (opset) => {
    const model = buildLogisticModel({ weights: [2], bias: 1, inputName: 'x', outputName: 'p', opset });
    const [p] = await predict(model, 'x', 'p', [[0.5]]);
    expect(Math.abs(p - sigmoid(2))).toBeLessThan(1e-6);
  });

  it('is deterministic', () => {
    expect(buildLogisticModel({ weights, bias })).toEqual(buildLogisticModel({ weights, bias }));
  });

  it('rejects options that cannot make a model', () => {
    expect(() => buildLogisticModel({ weights: [], bias: 0 })).toThrow(RangeError);
    expect(() => buildLogisticModel({ weights: [Number.NaN], bias: 0 })).toThrow(RangeError);
    expect(() => buildLogisticModel({ weights: [1], bias: 0, inputName: 'a', outputName: 'a' })).toThrow(RangeError);
    expect(() => buildLogisticModel({ weights: [1], bias: 0, opset: 6 })).toThrow(RangeError);
  });
});
