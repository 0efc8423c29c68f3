import { SeededRandom } from './seeded-random';

const take = (random: SeededRandom, count: number): number[] =>
  Array.from({ length: count }, () => random.nextUint32());

describe('SeededRandom', () => {
  it('repeats its sequence for the same seed and differs across seeds', () => {
    expect(take(new SeededRandom(42), 100)).toEqual(take(new SeededRandom(42), 100));
    expect(take(new SeededRandom(42), 100)).not.toEqual(take(new SeededRandom(43), 100));
  });

  it('matches the xorshift32 reference values for seed 1', () => {
    // The recurrence x ^= x << 13; x ^= x >>> 17; x ^= x << 5 (on 32 unsigned bits) applied to x = 1.
    expect(take(new SeededRandom(1), 2)).toEqual([270369, 67634689]);
  });

  it('keeps floats in [0, 1) and spreads them', () => {
    const random = new SeededRandom(0);
    const values = Array.from({ length: 10_000 }, () => random.nextFloat());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('refuses a non-integer seed', () => {
    expect(() => new SeededRandom(1.5)).toThrow(RangeError);
  });
});
