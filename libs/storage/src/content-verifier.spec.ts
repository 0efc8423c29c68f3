import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ArtifactContentMismatchError } from './artifact-content-mismatch.error';
import { ContentVerifier } from './content-verifier';

const bytes = Buffer.from('0123456789abcdef');
const digest = createHash('sha256').update(bytes).digest('hex');

/** Runs `chunks` through a verifier and returns what came out the other side. */
async function verify(chunks: Buffer[], sha256: string, sizeBytes: number): Promise<Buffer> {
  const received: Buffer[] = [];
  await pipeline(
    Readable.from(chunks),
    new ContentVerifier(sha256, sizeBytes),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        received.push(chunk);
        callback();
      },
    }),
  );
  return Buffer.concat(received);
}

describe('ContentVerifier', () => {
  it('passes matching bytes through unchanged, however they are chunked', async () => {
    const out = await verify([bytes.subarray(0, 3), bytes.subarray(3, 10), bytes.subarray(10)], digest, 16);
    expect(out.equals(bytes)).toBe(true);
  });

  it('fails on fewer bytes than declared', async () => {
    await expect(verify([bytes], digest, 17)).rejects.toThrow('declared as 17 bytes, the file holds 16');
  });

  it('fails as soon as more bytes than declared arrive, before passing them on', async () => {
    const received: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        received.push(chunk);
        callback();
      },
    });
    const source = Readable.from([bytes.subarray(0, 8), bytes.subarray(8), Buffer.alloc(1024)]);

    await expect(pipeline(source, new ContentVerifier(digest, 10), sink)).rejects.toBeInstanceOf(
      ArtifactContentMismatchError,
    );
    expect(Buffer.concat(received).length).toBeLessThanOrEqual(10);
  });

  it('fails when the digest differs, naming the actual one', async () => {
    const other = createHash('sha256').update('other').digest('hex');
    await expect(verify([bytes], other, 16)).rejects.toThrow(`the file hashes to ${digest}`);
  });
});
