import { createHash, randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { VigilNetworkError, type TransferProgress } from '@vigil/contracts';
import { CliError } from '../cli.error';
import { errorCode } from '../connection';
import { ExitCode } from '../exit-codes';

/** A checksum the bytes must match, with where it came from, for the mismatch message. */
export interface ExpectedChecksum {
  source: string;
  sha256: string;
}

export interface SavedArtifact {
  path: string;
  sha256: string;
  sizeBytes: number;
}

export interface SaveOptions {
  onProgress?: TransferProgress;
  /** Where the bytes come from, for the message when the transfer breaks off. */
  sourceDescription?: string;
}

/**
 * Streams `body` into a temporary file beside `target` while hashing it, and moves it into place only when
 * the SHA-256 matches every expected checksum. A half-written or wrong artifact therefore never appears
 * under the target name (an edge node or CI step may pick it up), and the rename stays on one filesystem.
 */
export async function saveVerified(
  body: ReadableStream<Uint8Array>,
  target: string,
  expected: readonly ExpectedChecksum[],
  options: SaveOptions = {},
): Promise<SavedArtifact> {
  if (await isDirectory(target)) {
    await body.cancel().catch(() => undefined);
    throw new CliError(
      ExitCode.Usage,
      `${target} is a directory; give the file name to write, e.g. ${join(target, 'model.onnx')}`,
    );
  }
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.vigil-part`);
  let handle: FileHandle;
  try {
    handle = await open(temporary, 'wx');
  } catch (error) {
    await body.cancel().catch(() => undefined);
    throw new CliError(ExitCode.Usage, `cannot write beside ${target}: ${errorCode(error)}`, { cause: error });
  }

  // Ctrl-C would otherwise leave the temporary file behind; remove it, then die of the signal as usual.
  const onInterrupt = (): void => {
    void rm(temporary, { force: true }).finally(() => process.kill(process.pid, 'SIGINT'));
  };
  process.once('SIGINT', onInterrupt);

  let moved = false;
  const reader = body.getReader();
  try {
    const hash = createHash('sha256');
    let sizeBytes = 0;
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw new VigilNetworkError(
          `the download${options.sourceDescription ? ` of ${options.sourceDescription}` : ''} broke off after ${sizeBytes} bytes: ${
            error instanceof Error ? error.message : String(error)
          }`,
          options.sourceDescription ?? '',
          false,
          { cause: error },
        );
      }
      if (chunk.done) break;
      hash.update(chunk.value);
      await writeAll(handle, chunk.value, temporary);
      sizeBytes += chunk.value.byteLength;
      options.onProgress?.(sizeBytes, null);
    }
    // Flushed before the rename, so that a crash cannot leave a verified name over unwritten bytes.
    await handle.datasync();
    await handle.close();

    const sha256 = hash.digest('hex');
    const wrong = expected.filter((e) => e.sha256.toLowerCase() !== sha256);
    if (wrong.length > 0) {
      throw new CliError(
        ExitCode.CheckFailed,
        `checksum mismatch: the ${sizeBytes} bytes received hash to ${sha256}, but ${wrong
          .map((e) => `${e.source} says ${e.sha256}`)
          .join(' and ')}; nothing was written to ${target}`,
      );
    }
    await rename(temporary, target).catch((error: unknown) => {
      throw new CliError(ExitCode.Usage, `cannot move the download to ${target}: ${errorCode(error)}`, {
        cause: error,
      });
    });
    moved = true;
    return { path: target, sha256, sizeBytes };
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    if (!moved) {
      // Stops the transfer when the failure was ours (e.g. a full disk), so the connection is not left open.
      await reader.cancel().catch(() => undefined);
      await handle.close().catch(() => undefined);
      await rm(temporary, { force: true });
    }
  }
}

async function writeAll(handle: FileHandle, bytes: Uint8Array, path: string): Promise<void> {
  try {
    let offset = 0;
    while (offset < bytes.byteLength) {
      const { bytesWritten } = await handle.write(bytes, offset, bytes.byteLength - offset);
      offset += bytesWritten;
    }
  } catch (error) {
    throw new CliError(ExitCode.Usage, `cannot write ${path}: ${errorCode(error)}`, { cause: error });
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
