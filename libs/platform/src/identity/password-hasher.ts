import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { PasswordHashFormatError } from './password-hash.errors';

/** scrypt cost parameters plus the sizes of the salt and the derived key, all recorded in every encoding. */
export interface ScryptParameters {
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelism. */
  p: number;
  saltBytes: number;
  keyBytes: number;
}

/**
 * N=2^15, r=8 costs 32 MiB and roughly 100 ms per hash on one core: slow enough to make offline guessing
 * expensive, cheap enough that a burst of logins does not exhaust the registry's memory. OWASP now suggests
 * N=2^17; raising N here is safe because `needsRehash` upgrades stored hashes at the next login.
 */
export const DEFAULT_SCRYPT_PARAMETERS: Readonly<ScryptParameters> = Object.freeze({
  N: 2 ** 15,
  r: 8,
  p: 1,
  saltBytes: 16,
  keyBytes: 32,
});

const SCHEME = 'scrypt';

// Bounds on what a stored encoding may ask for. Parameters are read from the database, so a tampered row must not
// be able to make one login allocate gigabytes or spin for minutes.
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
const MAX_P = 16;
const SALT_BYTES_RANGE = [16, 64] as const;
const KEY_BYTES_RANGE = [16, 64] as const;

interface ParsedHash {
  params: ScryptParameters;
  salt: Buffer;
  hash: Buffer;
}

/**
 * Hashes and verifies passwords with scrypt. The output is self-describing (`scrypt$N$r$p$salt$hash`, base64),
 * so the cost can be raised later: old hashes still verify with the parameters they were made with, and
 * `needsRehash` tells the login path when to store a new one.
 */
export class PasswordHasher {
  private readonly params: Readonly<ScryptParameters>;

  constructor(params: Partial<ScryptParameters> = {}) {
    const merged = { ...DEFAULT_SCRYPT_PARAMETERS, ...params };
    const problem = parameterProblem(merged);
    if (problem) throw new RangeError(`Unusable scrypt parameters: ${problem}.`);
    this.params = Object.freeze(merged);
  }

  async hash(password: string): Promise<string> {
    assertString(password);
    const salt = randomBytes(this.params.saltBytes);
    const key = await deriveKey(password, salt, this.params, this.params.keyBytes);
    const { N, r, p } = this.params;
    return [SCHEME, N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
  }

  /**
   * True when `password` produced `encoded`. A malformed encoding throws `PasswordHashFormatError` instead of
   * returning false (see there why).
   */
  async verify(password: string, encoded: string): Promise<boolean> {
    assertString(password);
    const stored = parseEncoded(encoded);
    const key = await deriveKey(password, stored.salt, stored.params, stored.hash.length);
    // Both buffers have the stored key's length by construction, so the comparison time reveals nothing.
    return timingSafeEqual(key, stored.hash);
  }

  /** True when `encoded` was made with parameters other than this hasher's; call after a successful verify. */
  needsRehash(encoded: string): boolean {
    const { params } = parseEncoded(encoded);
    return (Object.keys(this.params) as (keyof ScryptParameters)[]).some((k) => params[k] !== this.params[k]);
  }
}

function assertString(password: unknown): asserts password is string {
  // The value itself is never put in the message: it may be a password typed into the wrong field.
  if (typeof password !== 'string') throw new TypeError('The password must be a string.');
}

function deriveKey(password: string, salt: Buffer, params: ScryptParameters, keyBytes: number): Promise<Buffer> {
  const { N, r, p } = params;
  // NIST SP 800-63B: normalise Unicode so the same password typed on another keyboard or OS still matches.
  const normalized = password.normalize('NFKC');
  return new Promise((resolve, reject) => {
    scrypt(normalized, salt, keyBytes, { N, r, p, maxmem: scryptMemory(params) }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/**
 * OpenSSL refuses to run when its working set exceeds `maxmem`, and it counts 128·r·(N + p + 2) bytes. Node's
 * default (32 MiB) is just below that for N=2^15, r=8, so the bound is passed explicitly.
 */
function scryptMemory({ N, r, p }: Pick<ScryptParameters, 'N' | 'r' | 'p'>): number {
  return 128 * r * (N + p + 2);
}

function parameterProblem(params: ScryptParameters): string | null {
  const { N, r, p, saltBytes, keyBytes } = params;
  if (!Number.isSafeInteger(N) || N < 2 || (N & (N - 1)) !== 0) return 'N must be a power of two of at least 2';
  if (!Number.isSafeInteger(r) || r < 1) return 'r must be a positive integer';
  if (!Number.isSafeInteger(p) || p < 1 || p > MAX_P) return `p must be an integer from 1 to ${MAX_P}`;
  if (scryptMemory(params) > MAX_MEMORY_BYTES) return `N and r together need more than ${MAX_MEMORY_BYTES} bytes`;
  if (!inRange(saltBytes, SALT_BYTES_RANGE)) return `the salt must be ${SALT_BYTES_RANGE.join(' to ')} bytes`;
  if (!inRange(keyBytes, KEY_BYTES_RANGE)) return `the key must be ${KEY_BYTES_RANGE.join(' to ')} bytes`;
  return null;
}

function inRange(value: number, [min, max]: readonly [number, number]): boolean {
  return Number.isSafeInteger(value) && value >= min && value <= max;
}

function parseEncoded(encoded: string): ParsedHash {
  if (typeof encoded !== 'string') throw new PasswordHashFormatError('not a string');
  const parts = encoded.split('$');
  if (parts.length !== 6) throw new PasswordHashFormatError(`expected 6 "$"-separated fields, found ${parts.length}`);
  const [scheme, nText, rText, pText, saltText, hashText] = parts;
  if (scheme !== SCHEME) throw new PasswordHashFormatError('unknown scheme');
  const N = parseDecimal(nText, 'N');
  const r = parseDecimal(rText, 'r');
  const p = parseDecimal(pText, 'p');
  const salt = parseBase64(saltText, 'salt');
  const hash = parseBase64(hashText, 'hash');
  const params = { N, r, p, saltBytes: salt.length, keyBytes: hash.length };
  const problem = parameterProblem(params);
  if (problem) throw new PasswordHashFormatError(problem);
  return { params, salt, hash };
}

function parseDecimal(text: string, field: string): number {
  // Strict digits only: Number() would accept '0x10', '1e3' or ' 8 ', and this string is security-relevant.
  if (!/^[1-9][0-9]{0,9}$/.test(text)) throw new PasswordHashFormatError(`${field} is not a positive decimal integer`);
  return Number(text);
}

function parseBase64(text: string, field: string): Buffer {
  // Buffer.from(…, 'base64') skips characters it does not know, so a damaged field would decode to something
  // shorter instead of failing; re-encoding and comparing catches that.
  const bytes = Buffer.from(text, 'base64');
  if (text.length === 0 || bytes.toString('base64') !== text) {
    throw new PasswordHashFormatError(`${field} is not canonical base64`);
  }
  return bytes;
}
