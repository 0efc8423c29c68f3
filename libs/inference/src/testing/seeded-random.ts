/**
 * Marsaglia's xorshift32: tiny, fast and fully determined by its seed, which is all fixtures need (the same
 * seed gives byte-identical models on every machine). Not for anything that must be unpredictable.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    // xorshift never leaves the all-zero state, so zero is nudged to a fixed non-zero value.
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** The next value in [0, 2^32). */
  nextUint32(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  /** The next value in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 0x1_0000_0000;
  }
}
