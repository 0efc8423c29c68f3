import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type IncomingMessage, request } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface UploadResult {
  status: number;
  body: string;
  /** Request start to the last byte of the response. */
  elapsedMs: number;
  /** Request start to the last body byte handed to the kernel (the server may still be draining its socket). */
  sentMs: number | null;
  /** Bytes of the artifact file (not counting the multipart framing). */
  artifactBytes: number;
}

export interface VersionUpload {
  baseUrl: string;
  token: string;
  model: string;
  metadata: Record<string, unknown>;
  artifactPath: string;
  /** Called with the time (performance.now()) the request started, e.g. to align memory samples with it. */
  onStart?: (startedAt: number) => void;
}

/**
 * POST /api/v1/models/{name}/versions the way a careful client would: the file streamed from disk, never held
 * in memory, with an exact Content-Length (so the server sees one plain body, not chunked encoding).
 */
export async function uploadVersion(upload: VersionUpload): Promise<UploadResult> {
  const artifactBytes = (await stat(upload.artifactPath)).size;
  const boundary = `vigil-bench-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    // No Content-Type on the metadata part: @fastify/multipart would hand the server an already-parsed object,
    // which the registry then rejects as "[object Object]" (registry quirk reported in docs/benchmarks.md).
    `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n` +
      `${JSON.stringify(upload.metadata)}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="artifact"; filename="model.onnx"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const path = upload.artifactPath;
  const body = Readable.from(
    (async function* () {
      yield head;
      yield* createReadStream(path);
      yield tail;
    })(),
    { objectMode: false },
  );

  const url = new URL(`/api/v1/models/${encodeURIComponent(upload.model)}/versions`, upload.baseUrl);
  const startedAt = performance.now();
  upload.onStart?.(startedAt);
  const req = request(url, {
    method: 'POST',
    agent: false,
    headers: {
      authorization: `Bearer ${upload.token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(head.length + artifactBytes + tail.length),
    },
  });
  let sentMs: number | null = null;
  req.once('finish', () => (sentMs = performance.now() - startedAt));
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  // A server that answers early (a 4xx before reading the file) may reset the upload; its answer is what matters.
  const sending = pipeline(body, req).catch((e: unknown) => e);
  const res = await response;
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  const elapsedMs = performance.now() - startedAt;
  await sending;
  return {
    status: res.statusCode ?? 0,
    body: Buffer.concat(chunks).toString('utf8'),
    elapsedMs,
    sentMs,
    artifactBytes,
  };
}
