import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ArtifactContentMismatchError } from './artifact-content-mismatch.error';

/**
 * Passes bytes through while counting and hashing them, and fails the stream when they are not the declared
 * artifact. The stores read the source file only once, through this, so what they commit is exactly what was
 * checked; an error here stops the write before anything becomes visible under the content key.
 *
 * Oversize input fails as soon as it passes the declared size, so a wrong multi-GB file is not uploaded whole;
 * the digest can only be compared at the end, which is why the error surfaces from `flush`.
 */
export class ContentVerifier extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private bytesSeen = 0;

  constructor(
    private readonly expectedSha256: string,
    private readonly expectedSizeBytes: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytesSeen += chunk.length;
    if (this.bytesSeen > this.expectedSizeBytes) {
      callback(this.mismatch(`declared as ${this.expectedSizeBytes} bytes, the file holds more`));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.bytesSeen !== this.expectedSizeBytes) {
      callback(this.mismatch(`declared as ${this.expectedSizeBytes} bytes, the file holds ${this.bytesSeen}`));
      return;
    }
    const actual = this.hash.digest('hex');
    callback(actual === this.expectedSha256 ? null : this.mismatch(`the file hashes to ${actual}`));
  }

  private mismatch(detail: string): ArtifactContentMismatchError {
    return new ArtifactContentMismatchError(this.expectedSha256, detail);
  }
}
