import { InvalidSha256Error } from './invalid-sha256.error';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value);
}

/**
 * The object key for a digest: `sha256/ab/cd/<hex>`. The two shard levels keep any one directory (or S3 listing
 * page) small even with millions of artifacts; the algorithm prefix leaves room for another hash later.
 * Throws `InvalidSha256Error` for anything that is not a lowercase hex SHA-256, which also makes path traversal
 * through the key impossible.
 */
export function artifactKey(sha256: string): string {
  if (!isSha256Hex(sha256)) throw new InvalidSha256Error(sha256);
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** Sizes arrive from HTTP headers and CLI flags: refuse anything that is not a whole, non-negative byte count. */
export function assertSizeBytes(sizeBytes: number): void {
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes < 0) {
    throw new RangeError(`sizeBytes must be a non-negative integer, got ${String(sizeBytes)}`);
  }
}
