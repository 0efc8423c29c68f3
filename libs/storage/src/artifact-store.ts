import type { Readable } from 'node:stream';

/**
 * Content-addressed storage for model artifacts. Every object lives under the SHA-256 of its bytes, so an object
 * never changes once written: writing the same content twice is a no-op, and a reader that verifies the digest
 * knows it has the right file.
 *
 * Every method validates `sha256` first (64 lowercase hex characters) and throws `InvalidSha256Error` otherwise.
 */
export interface ArtifactStore {
  has(sha256: string): Promise<boolean>;

  /**
   * Stores the file at `filePath` under `sha256`. The caller has hashed the file already; the store re-checks
   * size and digest while copying and throws `ArtifactContentMismatchError` if they differ. The object appears
   * under its key whole or not at all. `created: false` means the content was already stored and nothing was
   * written.
   */
  putFile(sha256: string, filePath: string, sizeBytes: number): Promise<{ created: boolean }>;

  /**
   * Like `putFile`, for a file the caller has just written and hashed itself and will not use again: a store
   * on the same filesystem renames it into place instead of copying it (the caller's path is then gone).
   */
  moveFile(sha256: string, filePath: string, sizeBytes: number): Promise<{ created: boolean }>;

  /** Opens the artifact for reading; throws `ArtifactNotFoundError` when it is not stored. */
  open(sha256: string): Promise<{ stream: Readable; sizeBytes: number }>;

  /** Removes the artifact; removing one that is not there is not an error. */
  delete(sha256: string): Promise<void>;

  /** Readiness probe: resolves when the store can be written, throws `ArtifactStoreUnavailableError` otherwise. */
  check(): Promise<void>;

  /**
   * A URL a client can download the artifact from directly for `ttlSeconds`, or null when this store cannot hand
   * one out and the artifact has to be streamed through `open`.
   */
  presignedDownloadUrl(sha256: string, ttlSeconds: number): Promise<string | null>;

  /** Releases connections; the store must not be used afterwards. */
  close(): Promise<void>;
}
