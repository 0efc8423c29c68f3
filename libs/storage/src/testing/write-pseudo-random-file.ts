import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const CHUNK_BYTES = 1024 * 1024;

/**
 * Writes `sizeBytes` of deterministic pseudo-random bytes (xorshift32 from `seed`) and returns their SHA-256.
 * Random-looking content keeps compressing or deduplicating layers from flattering a test; a fixed seed keeps
 * failures reproducible.
 */
export async function writePseudoRandomFile(path: string, sizeBytes: number, seed = 1): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  let state = seed >>> 0 || 1;
  for (let written = 0; written < sizeBytes; written += CHUNK_BYTES) {
    const length = Math.min(CHUNK_BYTES, sizeBytes - written);
    const words = new Uint32Array(Math.ceil(length / 4));
    for (let i = 0; i < words.length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      words[i] = state >>> 0;
    }
    const chunk = Buffer.from(words.buffer, 0, length);
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}
