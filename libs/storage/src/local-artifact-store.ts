import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { artifactKey, assertSizeBytes } from './artifact-key';
import { ArtifactNotFoundError } from './artifact-not-found.error';
import { type ArtifactStore } from './artifact-store';
import { ArtifactStoreUnavailableError } from './artifact-store-unavailable.error';
import { ContentVerifier } from './content-verifier';
import { type LocalArtifactStoreOptions } from './local-artifact-store.options';

/**
 * Artifacts as plain files under `rootDir/sha256/ab/cd/<hex>`. Used by the embedded mode and by sites without
 * object storage.
 */
export class LocalArtifactStore implements ArtifactStore {
  private readonly rootDir: string;

  constructor(options: LocalArtifactStoreOptions) {
    if (!options.rootDir) throw new Error('LocalArtifactStore needs a rootDir');
    this.rootDir = resolve(options.rootDir);
  }

  async has(sha256: string): Promise<boolean> {
    const path = this.pathFor(sha256);
    try {
      return (await stat(path)).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async putFile(sha256: string, filePath: string, sizeBytes: number): Promise<{ created: boolean }> {
    const target = this.pathFor(sha256);
    assertSizeBytes(sizeBytes);
    if (await this.has(sha256)) return { created: false };

    const directory = dirname(target);
    await mkdir(directory, { recursive: true });
    // Same directory as the target, so the final rename stays on one filesystem and is atomic. Readers only
    // ever look up the final name, so they see no file or the complete one, never a half-written one.
    const temp = `${target}.${randomBytes(8).toString('hex')}.partial`;
    try {
      await pipeline(
        createReadStream(filePath),
        new ContentVerifier(sha256, sizeBytes),
        createWriteStream(temp, { flags: 'wx' }),
      );
      await syncFile(temp);
      // A concurrent put of the same content may rename over ours; both files hold identical bytes, and
      // readers holding the replaced file keep reading their copy.
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await syncDirectory(directory);
    return { created: true };
  }

  async moveFile(sha256: string, filePath: string, sizeBytes: number): Promise<{ created: boolean }> {
    const target = this.pathFor(sha256);
    assertSizeBytes(sizeBytes);
    if (await this.has(sha256)) return { created: false };
    const directory = dirname(target);
    await mkdir(directory, { recursive: true });
    // The caller hashed these bytes as it wrote them; make them durable, then put them in place in one step.
    await syncFile(filePath);
    try {
      await rename(filePath, target);
    } catch (error) {
      // Another filesystem: fall back to the verified copy.
      if ((error as NodeJS.ErrnoException).code === 'EXDEV') return this.putFile(sha256, filePath, sizeBytes);
      throw error;
    }
    await syncDirectory(directory);
    return { created: true };
  }

  async open(sha256: string): Promise<{ stream: Readable; sizeBytes: number }> {
    const path = this.pathFor(sha256);
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if (isMissing(error)) throw new ArtifactNotFoundError(sha256);
      throw error;
    }
    try {
      // Size and stream come from the same open file, so a concurrent delete cannot make them disagree.
      const { size } = await handle.stat();
      return { stream: handle.createReadStream(), sizeBytes: size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(sha256: string): Promise<void> {
    try {
      await unlink(this.pathFor(sha256));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  async check(): Promise<void> {
    // The root is not created here: a missing one usually means an unmounted volume, and creating it would
    // quietly put artifacts on the container's throw-away filesystem.
    const probe = join(this.rootDir, `.probe-${randomBytes(8).toString('hex')}`);
    try {
      if (!(await stat(this.rootDir)).isDirectory()) throw new Error('not a directory');
      await writeFile(probe, '', { flag: 'wx' });
      await unlink(probe);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ArtifactStoreUnavailableError(`Artifact directory ${this.rootDir} is not writable: ${reason}`, {
        cause: error,
      });
    }
  }

  async presignedDownloadUrl(sha256: string, _ttlSeconds: number): Promise<string | null> {
    this.pathFor(sha256);
    return Promise.resolve(null);
  }

  async close(): Promise<void> {
    return Promise.resolve();
  }

  private pathFor(sha256: string): string {
    return join(this.rootDir, ...artifactKey(sha256).split('/'));
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

// Without this a crash right after the rename can leave an empty or short file under the final name on
// filesystems with delayed allocation, and a content-addressed name would then lie about its bytes.
async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// Makes the new directory entry itself durable. Some platforms cannot open or fsync a directory; the file's
// own bytes are already synced, so that is tolerated rather than failing a put that has succeeded.
async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // see above
  } finally {
    await handle?.close();
  }
}
