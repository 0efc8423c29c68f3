/**
 * @jest-environment ./libs/inference/src/testing/onnxruntime.jest-environment.ts
 */
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { buildMultiIOModel, MULTI_IO_ALERT_THRESHOLD } from './multi-io-model.builder';

describe('buildMultiIOModel', () => {
  it('runs in onnxruntime: risk = sum(vitals) + age_band, alert = risk > threshold', async () => {
    const vitals = [
      [0.1, 0.2, 0.3],
      [-1, -1, -1],
      [0.25, 0.25, 0],
    ];
    const ageBands = [1n, 0n, 0n];
    const session = await InferenceSession.create(buildMultiIOModel(), { executionProviders: ['cpu'] });
    try {
      const result = await session.run({
        vitals: new Tensor('float32', Float32Array.from(vitals.flat()), [3, 3]),
        age_band: new Tensor('int64', BigInt64Array.from(ageBands), [3, 1]),
      });

      const expectedRisk = vitals.map((row, i) => row.reduce((a, b) => a + b, 0) + Number(ageBands[i]));
      expect(result.risk.dims).toEqual([3, 1]);
      expect(result.risk.type).toBe('float32');
      Array.from(result.risk.data as Float32Array).forEach((risk, i) => expect(risk).toBeCloseTo(expectedRisk[i], 6));
      expect(result.alert.type).toBe('bool');
      expect(Array.from(result.alert.data as Uint8Array).map(Boolean)).toEqual(
        expectedRisk.map((risk) => risk > MULTI_IO_ALERT_THRESHOLD),
      );
    } finally {
      await session.release();
    }
  });

  it('is deterministic', () => {
    expect(buildMultiIOModel()).toEqual(buildMultiIOModel());
  });
});
