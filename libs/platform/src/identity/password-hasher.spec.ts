import { timingSafeEqual } from 'node:crypto';
import { PasswordHashFormatError } from './password-hash.errors';
import { DEFAULT_SCRYPT_PARAMETERS, PasswordHasher } from './password-hasher';

// node:crypto's exports cannot be redefined, so spyOn fails; wrap the real function instead to observe the calls.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

const PASSWORD = 'correct horse battery staple';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();
  // Cheap parameters where the test is about the encoding rather than the cost.
  const fast = new PasswordHasher({ N: 2 ** 10 });
  let encoded: string;

  beforeAll(async () => {
    encoded = await hasher.hash(PASSWORD);
  });

  describe('hash', () => {
    it('writes a self-describing encoding with the default parameters', () => {
      const [scheme, N, r, p, salt, key] = encoded.split('$');
      expect([scheme, N, r, p]).toEqual(['scrypt', '32768', '8', '1']);
      expect(Buffer.from(salt, 'base64')).toHaveLength(16);
      expect(Buffer.from(key, 'base64')).toHaveLength(32);
      expect(DEFAULT_SCRYPT_PARAMETERS).toEqual({ N: 32768, r: 8, p: 1, saltBytes: 16, keyBytes: 32 });
    });

    it('never contains the password and salts every hash', async () => {
      expect(encoded).not.toContain(PASSWORD);
      expect(encoded).not.toContain(Buffer.from(PASSWORD).toString('base64'));
      const again = await hasher.hash(PASSWORD);
      expect(again).not.toBe(encoded);
      expect(again.split('$')[4]).not.toBe(encoded.split('$')[4]);
    });

    it('refuses a non-string without echoing it', async () => {
      const secret = { password: 'hunter2-hunter2' };
      await expect(hasher.hash(secret as unknown as string)).rejects.toThrow(TypeError);
      await expect(hasher.hash(secret as unknown as string)).rejects.not.toThrow(/hunter2/);
    });

    it('refuses unusable parameters at construction', () => {
      expect(() => new PasswordHasher({ N: 1000 })).toThrow(/power of two/);
      expect(() => new PasswordHasher({ N: 2 ** 20, r: 8 })).toThrow(/bytes/);
      expect(() => new PasswordHasher({ p: 0 })).toThrow(/p must be/);
      expect(() => new PasswordHasher({ saltBytes: 8 })).toThrow(/salt/);
      expect(() => new PasswordHasher({ keyBytes: 128 })).toThrow(/key/);
    });
  });

  describe('verify', () => {
    it('accepts the password it hashed', async () => {
      await expect(hasher.verify(PASSWORD, encoded)).resolves.toBe(true);
    });

    it('rejects a wrong password, including near misses', async () => {
      await expect(hasher.verify('correct horse battery stapler', encoded)).resolves.toBe(false);
      await expect(hasher.verify('Correct horse battery staple', encoded)).resolves.toBe(false);
      await expect(hasher.verify('', encoded)).resolves.toBe(false);
    });

    it('treats canonically equivalent Unicode spellings as the same password', async () => {
      const composed = 'Schr\u00f6dinger-Katze-42';
      const decomposed = 'Schro\u0308dinger-Katze-42';
      const stored = await fast.hash(composed);
      await expect(fast.verify(decomposed, stored)).resolves.toBe(true);
    });

    it('verifies hashes made with other parameters, reading them from the encoding', async () => {
      const stored = await fast.hash(PASSWORD);
      await expect(hasher.verify(PASSWORD, stored)).resolves.toBe(true);
      await expect(hasher.verify('wrong password!', stored)).resolves.toBe(false);
    });

    it('returns false when the stored key or salt was altered but still decodes', async () => {
      const parts = encoded.split('$');
      const flip = (b64: string) => {
        const bytes = Buffer.from(b64, 'base64');
        bytes[0] ^= 0x01;
        return bytes.toString('base64');
      };
      const keyTampered = [...parts.slice(0, 5), flip(parts[5])].join('$');
      const saltTampered = [...parts.slice(0, 4), flip(parts[4]), parts[5]].join('$');
      await expect(hasher.verify(PASSWORD, keyTampered)).resolves.toBe(false);
      await expect(hasher.verify(PASSWORD, saltTampered)).resolves.toBe(false);
    });

    it('returns false when the cost parameters were lowered in the stored row', async () => {
      const parts = encoded.split('$');
      const downgraded = ['scrypt', '1024', parts[2], parts[3], parts[4], parts[5]].join('$');
      await expect(hasher.verify(PASSWORD, downgraded)).resolves.toBe(false);
    });

    it('compares with timingSafeEqual on equal-length buffers, on both the right and the wrong path', async () => {
      const spy = jest.mocked(timingSafeEqual);
      spy.mockClear();
      const stored = await fast.hash(PASSWORD);
      await fast.verify(PASSWORD, stored);
      await fast.verify('not the password', stored);
      expect(spy).toHaveBeenCalledTimes(2);
      for (const [a, b] of spy.mock.calls) {
        expect((a as Buffer).length).toBe(32);
        expect((b as Buffer).length).toBe(32);
      }
      expect(spy.mock.results.map((r) => r.value)).toEqual([true, false]);
    });
  });

  describe('reading the encoding', () => {
    const valid = () => encoded.split('$');
    const withField = (index: number, value: string) => {
      const parts = valid();
      parts[index] = value;
      return parts.join('$');
    };

    it.each([
      ['an empty string', () => '', /6 "\$"-separated fields, found 1/],
      ['a bcrypt hash', () => '$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234', /fields/],
      ['another scheme', () => withField(0, 'argon2id'), /unknown scheme/],
      ['a hex N', () => withField(1, '0x8000'), /N is not a positive decimal integer/],
      ['an exponent N', () => withField(1, '3e4'), /N is not a positive decimal integer/],
      ['a zero r', () => withField(2, '0'), /r is not a positive decimal integer/],
      ['a negative p', () => withField(3, '-1'), /p is not a positive decimal integer/],
      ['N not a power of two', () => withField(1, '30000'), /power of two/],
      ['a memory-exhausting N', () => withField(1, String(2 ** 22)), /bytes/],
      ['too much parallelism', () => withField(3, '64'), /p must be/],
      ['a salt with a stray character', () => withField(4, `${valid()[4].slice(0, -3)}*==`), /salt is not canonical/],
      ['an empty hash', () => withField(5, ''), /hash is not canonical/],
      ['a truncated salt', () => withField(4, 'AAAA'), /salt must be/],
      ['a truncated hash', () => withField(5, 'AAAAAAAA'), /key must be/],
    ])('throws PasswordHashFormatError for %s', async (_label, make, message) => {
      const bad = make();
      const error = await hasher.verify(PASSWORD, bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PasswordHashFormatError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(PASSWORD);
      if (bad.length > 0) expect((error as Error).message).not.toContain(bad);
    });
  });

  describe('needsRehash', () => {
    it('is false for a hash made with the current parameters', () => {
      expect(hasher.needsRehash(encoded)).toBe(false);
    });

    it('is true once the parameters have been raised', async () => {
      const old = await fast.hash(PASSWORD);
      expect(fast.needsRehash(old)).toBe(false);
      expect(hasher.needsRehash(old)).toBe(true);
      expect(new PasswordHasher({ keyBytes: 64 }).needsRehash(encoded)).toBe(true);
      expect(new PasswordHasher({ saltBytes: 32 }).needsRehash(encoded)).toBe(true);
    });

    it('throws on an unreadable encoding rather than guessing', () => {
      expect(() => hasher.needsRehash('scrypt$nope')).toThrow(PasswordHashFormatError);
    });
  });
});
