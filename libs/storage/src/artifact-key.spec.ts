import { artifactKey, assertSizeBytes, isSha256Hex } from './artifact-key';
import { InvalidSha256Error } from './invalid-sha256.error';

const digest = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('artifactKey', () => {
  it('shards by the first two byte pairs under the algorithm name', () => {
    expect(artifactKey(digest)).toBe(`sha256/e3/b0/${digest}`);
  });

  it.each([digest.toUpperCase(), `${digest} `, digest.slice(0, 63), 'sha256:' + digest, 'a/../b'])(
    'refuses %j',
    (value) => {
      expect(() => artifactKey(value)).toThrow(InvalidSha256Error);
    },
  );

  it('keeps a hostile value short and quoted in the message', () => {
    const hostile = `\n${'x'.repeat(10_000)}`;
    const message = (() => {
      try {
        artifactKey(hostile);
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).not.toContain('\n');
    expect(message.length).toBeLessThan(250);
    expect(message).toContain('10001 characters');
  });

  it('tells apart digests and non-strings', () => {
    expect(isSha256Hex(digest)).toBe(true);
    expect(isSha256Hex(42)).toBe(false);
    expect(() => artifactKey(undefined as unknown as string)).toThrow(/got undefined/);
  });
});

describe('assertSizeBytes', () => {
  it('accepts whole non-negative sizes only', () => {
    expect(() => assertSizeBytes(0)).not.toThrow();
    expect(() => assertSizeBytes(6 * 1024 ** 3)).not.toThrow();
    for (const bad of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => assertSizeBytes(bad)).toThrow(RangeError);
    }
  });
});
