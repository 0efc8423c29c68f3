import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Readable } from 'node:stream';
import { ArtifactContentMismatchError } from './artifact-content-mismatch.error';
import { ArtifactNotFoundError } from './artifact-not-found.error';
import { ArtifactStoreUnavailableError } from './artifact-store-unavailable.error';
import { InvalidSha256Error } from './invalid-sha256.error';
import { LocalArtifactStore } from './local-artifact-store';
import { writePseudoRandomFile } from './testing/write-pseudo-random-file';

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every file under `dir`, relative to it, so a test can assert that nothing stray (temp files) was left. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('LocalArtifactStore', () => {
  let workDir: string;
  let rootDir: string;
  let store: LocalArtifactStore;
  const content = Buffer.from('onnx model bytes, pretend\n');
  const digest = sha256(content);
  let sourcePath: string;

  beforeEach(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'vigil-storage-'));
    rootDir = join(workDir, 'artifacts');
    await mkdir(rootDir);
    sourcePath = join(workDir, 'model.onnx');
    await writeFile(sourcePath, content);
    store = new LocalArtifactStore({ rootDir });
  });

  afterEach(async () => {
    await store.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('stores a file under sha256/ab/cd/<hex> and reads it back byte for byte', async () => {
    expect(await store.has(digest)).toBe(false);

    await expect(store.putFile(digest, sourcePath, content.length)).resolves.toEqual({ created: true });

    expect(await listFiles(rootDir)).toEqual([join('sha256', digest.slice(0, 2), digest.slice(2, 4), digest)]);
    expect(await store.has(digest)).toBe(true);
    const { stream, sizeBytes } = await store.open(digest);
    expect(sizeBytes).toBe(content.length);
    expect((await readAll(stream)).equals(content)).toBe(true);
  });

  it('reports created: false and writes nothing when the content is already stored', async () => {
    await store.putFile(digest, sourcePath, content.length);
    const stored = join(rootDir, 'sha256', digest.slice(0, 2), digest.slice(2, 4), digest);
    const before = await stat(stored);

    await expect(store.putFile(digest, sourcePath, content.length)).resolves.toEqual({ created: false });

    const after = await stat(stored);
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it('copies a multi-megabyte file intact', async () => {
    const bigPath = join(workDir, 'big.onnx');
    const size = 5 * 1024 * 1024 + 123;
    const bigDigest = await writePseudoRandomFile(bigPath, size, 7);

    await store.putFile(bigDigest, bigPath, size);

    const { stream, sizeBytes } = await store.open(bigDigest);
    expect(sizeBytes).toBe(size);
    expect(sha256(await readAll(stream))).toBe(bigDigest);
  });

  it('never shows a partly written file under the final name', async () => {
    const bigPath = join(workDir, 'watched.onnx');
    const size = 32 * 1024 * 1024;
    const bigDigest = await writePseudoRandomFile(bigPath, size, 32);
    const finalPath = join(rootDir, 'sha256', bigDigest.slice(0, 2), bigDigest.slice(2, 4), bigDigest);
    const seenSizes = new Set<number>();
    let done = false;

    const put = store.putFile(bigDigest, bigPath, size).finally(() => (done = true));
    while (!done) {
      const seen = await stat(finalPath).catch(() => undefined);
      if (seen) seenSizes.add(seen.size);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await put;

    expect([...seenSizes].filter((s) => s !== size)).toEqual([]);
    expect((await stat(finalPath)).size).toBe(size);
  });

  it('stores an empty file', async () => {
    const emptyPath = join(workDir, 'empty');
    await writeFile(emptyPath, '');
    const emptyDigest = sha256('');

    await store.putFile(emptyDigest, emptyPath, 0);

    const { stream, sizeBytes } = await store.open(emptyDigest);
    expect(sizeBytes).toBe(0);
    expect((await readAll(stream)).length).toBe(0);
  });

  describe('refuses a file that is not what the caller declared, leaving nothing behind', () => {
    it.each([
      ['shorter than declared', () => content.length + 1],
      ['longer than declared', () => content.length - 1],
    ])('when the file is %s', async (_label, declaredSize) => {
      const error = await store.putFile(digest, sourcePath, declaredSize()).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ArtifactContentMismatchError);
      expect((error as ArtifactContentMismatchError).code).toBe('artifact_content_mismatch');
      expect(await store.has(digest)).toBe(false);
      expect(await listFiles(rootDir)).toEqual([]);
    });

    it('when the bytes hash to something else', async () => {
      const otherDigest = sha256('some other model');

      const error = await store.putFile(otherDigest, sourcePath, content.length).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ArtifactContentMismatchError);
      expect((error as Error).message).toContain(digest);
      expect(await store.has(otherDigest)).toBe(false);
      expect(await listFiles(rootDir)).toEqual([]);
    });

    it('when the source file does not exist', async () => {
      await expect(store.putFile(digest, join(workDir, 'gone.onnx'), content.length)).rejects.toMatchObject({
        code: 'ENOENT',
      });
      expect(await listFiles(rootDir)).toEqual([]);
    });
  });

  it('rejects a negative or fractional size before touching the disk', async () => {
    await expect(store.putFile(digest, sourcePath, -1)).rejects.toBeInstanceOf(RangeError);
    await expect(store.putFile(digest, sourcePath, 1.5)).rejects.toBeInstanceOf(RangeError);
    expect(await listFiles(rootDir)).toEqual([]);
  });

  it('throws ArtifactNotFoundError when opening a digest that is not stored', async () => {
    const error = await store.open(digest).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ArtifactNotFoundError);
    expect(error).toMatchObject({ code: 'artifact_not_found', sha256: digest });
  });

  it('deletes, and deleting again is not an error', async () => {
    await store.putFile(digest, sourcePath, content.length);

    await store.delete(digest);
    await store.delete(digest);

    expect(await store.has(digest)).toBe(false);
    await expect(store.open(digest)).rejects.toBeInstanceOf(ArtifactNotFoundError);
  });

  it('keeps serving an open stream when the artifact is deleted meanwhile', async () => {
    await store.putFile(digest, sourcePath, content.length);
    const { stream } = await store.open(digest);

    await store.delete(digest);

    expect((await readAll(stream)).equals(content)).toBe(true);
  });

  describe('refuses keys that are not a lowercase SHA-256 hex digest', () => {
    const bad = [
      '../../../../etc/passwd',
      digest.toUpperCase(),
      digest.slice(1),
      `${digest}0`,
      `${digest.slice(0, 63)}g`,
      `../${digest.slice(3)}`,
      '',
    ];

    it.each(bad)('%j', async (key) => {
      await expect(store.has(key)).rejects.toBeInstanceOf(InvalidSha256Error);
      await expect(store.putFile(key, sourcePath, content.length)).rejects.toBeInstanceOf(InvalidSha256Error);
      await expect(store.open(key)).rejects.toBeInstanceOf(InvalidSha256Error);
      await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidSha256Error);
      await expect(store.presignedDownloadUrl(key, 60)).rejects.toMatchObject({ code: 'invalid_sha256' });
      expect(await listFiles(workDir)).toEqual(['model.onnx']);
    });
  });

  it('has no pre-signed URLs', async () => {
    await expect(store.presignedDownloadUrl(digest, 60)).resolves.toBeNull();
  });

  describe('check', () => {
    it('passes on a writable directory and leaves no probe behind', async () => {
      await expect(store.check()).resolves.toBeUndefined();
      expect(await listFiles(rootDir)).toEqual([]);
    });

    it('fails clearly when the directory is missing, without creating it', async () => {
      const missing = join(workDir, 'not-mounted');
      const error = await new LocalArtifactStore({ rootDir: missing }).check().catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ArtifactStoreUnavailableError);
      expect((error as Error).message).toContain(`Artifact directory ${missing} is not writable`);
      await expect(stat(missing)).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('fails clearly when the root is a file', async () => {
      await expect(new LocalArtifactStore({ rootDir: sourcePath }).check()).rejects.toThrow(/not a directory/);
    });
  });

  it('needs a root directory', () => {
    expect(() => new LocalArtifactStore({ rootDir: '' })).toThrow(/rootDir/);
  });

  it('keeps its own copy: changing the source afterwards does not change the artifact', async () => {
    await store.putFile(digest, sourcePath, content.length);
    await writeFile(sourcePath, 'changed after the put');

    const { stream } = await store.open(digest);
    expect((await readAll(stream)).equals(content)).toBe(true);
  });
});

describe('LocalArtifactStore.moveFile', () => {
  it('renames a hashed file into place (no copy), and leaves an existing object alone', async () => {
    const { mkdtemp, writeFile, stat } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createHash } = await import('node:crypto');
    const root = await mkdtemp(join(tmpdir(), 'vigil-move-'));
    const store = new LocalArtifactStore({ rootDir: root });
    const bytes = Buffer.from('moved artifact');
    const digest = createHash('sha256').update(bytes).digest('hex');
    const staged = join(root, 'staged.upload');
    await writeFile(staged, bytes);
    const inode = (await stat(staged)).ino;
    await expect(store.moveFile(digest, staged, bytes.length)).resolves.toEqual({ created: true });
    await expect(stat(staged)).rejects.toMatchObject({ code: 'ENOENT' });
    const { stream } = await store.open(digest);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect((await stat(join(root, 'sha256', digest.slice(0, 2), digest.slice(2, 4), digest))).ino).toBe(inode);
    await writeFile(staged, bytes);
    await expect(store.moveFile(digest, staged, bytes.length)).resolves.toEqual({ created: false });
  });
});
