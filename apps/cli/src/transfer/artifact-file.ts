import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Readable } from 'node:stream';
import { type ArtifactUpload } from '@vigil/contracts';
import { CliError } from '../cli.error';
import { errorCode } from '../connection';
import { ExitCode } from '../exit-codes';

/** 1 MiB reads: few syscalls for a large artifact, still a small, fixed amount of memory. */
const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Opens an artifact for upload without reading it: the size comes from the open handle (so it matches the
 * bytes that will be read), and the bytes are read only as the upload pulls them.
 */
export async function openArtifactFile(path: string): Promise<ArtifactUpload> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new CliError(ExitCode.Usage, `cannot read the artifact ${path}: ${errorCode(error)}`, { cause: error });
  }
  const stats = await handle.stat();
  if (!stats.isFile()) {
    await handle.close();
    throw new CliError(ExitCode.Usage, `the artifact ${path} is not a regular file`);
  }
  const stream = pullStream(handle.createReadStream({ highWaterMark: READ_CHUNK_BYTES }));
  return { stream, sizeBytes: stats.size, filename: basename(path) };
}

/**
 * A web stream over a Node stream that reads one chunk per pull, so the file is read no faster than the
 * connection drains it: memory stays at about one chunk whatever the artifact size.
 */
export function pullStream(readable: Readable): ReadableStream<Uint8Array> {
  const chunks = readable[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done === true) controller.close();
        else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
      },
      async cancel() {
        await chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
