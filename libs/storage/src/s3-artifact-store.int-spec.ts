import { createHash } from 'node:crypto';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { type IncomingHttpHeaders } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Readable } from 'node:stream';
import S3rver from 's3rver';
import { ArtifactContentMismatchError } from './artifact-content-mismatch.error';
import { ArtifactNotFoundError } from './artifact-not-found.error';
import { ArtifactStoreUnavailableError } from './artifact-store-unavailable.error';
import { InvalidSha256Error } from './invalid-sha256.error';
import { S3ArtifactStore } from './s3-artifact-store';
import { type S3ArtifactStoreOptions } from './s3-artifact-store.options';
import { writePseudoRandomFile } from './testing/write-pseudo-random-file';

const BUCKET = 'vigil-artifacts';
const MIB = 1024 * 1024;

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/**
 * What reached the server, taken from the HTTP server itself rather than from inside the SDK, so the assertions
 * are about bytes on the wire: the multipart calls that were really made and the headers that were really sent.
 */
class RequestLog {
  readonly requests: SeenRequest[] = [];

  clear(): void {
    this.requests.length = 0;
  }

  forKey(key: string): SeenRequest[] {
    return this.requests.filter((r) => new URL(r.url, 'http://s3').pathname === `/${BUCKET}/${key}`);
  }

  static describe(r: SeenRequest): string {
    const query = new URL(r.url, 'http://s3').searchParams;
    if (r.method === 'POST' && query.has('uploads')) return 'CreateMultipartUpload';
    if (r.method === 'PUT' && query.has('uploadId')) return 'UploadPart';
    if (r.method === 'POST' && query.has('uploadId')) return 'CompleteMultipartUpload';
    if (r.method === 'DELETE' && query.has('uploadId')) return 'AbortMultipartUpload';
    if (r.method === 'PUT') return 'PutObject';
    return `${r.method}`;
  }

  operations(key: string): string[] {
    return this.forKey(key).map((r) => RequestLog.describe(r));
  }
}

const keyOf = (digest: string): string => `sha256/${digest.slice(0, 2)}/${digest.slice(2, 4)}/${digest}`;

describe('S3ArtifactStore against an S3-speaking server (s3rver)', () => {
  let workDir: string;
  let server: S3rver;
  let endpoint: string;
  const log = new RequestLog();
  const stores: S3ArtifactStore[] = [];

  function makeStore(overrides: Partial<S3ArtifactStoreOptions> = {}): S3ArtifactStore {
    const store = new S3ArtifactStore({
      endpoint,
      region: 'us-east-1',
      bucket: BUCKET,
      // s3rver's fixed development credentials; it verifies SigV4 signatures made with them.
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
      ...overrides,
    });
    stores.push(store);
    return store;
  }

  async function writeSource(name: string, bytes: Buffer | string): Promise<string> {
    const path = join(workDir, name);
    await writeFile(path, bytes);
    return path;
  }

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'vigil-s3-'));
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      directory: join(workDir, 's3rver'),
      silent: true,
      configureBuckets: [{ name: BUCKET }],
    });
    const address: AddressInfo = await server.run();
    endpoint = `http://127.0.0.1:${address.port}`;
    server.httpServer!.on('request', (req: { method?: string; url?: string; headers: IncomingHttpHeaders }) => {
      log.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    });
  });

  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await server?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  beforeEach(() => log.clear());

  it('stores, finds, reads back byte for byte, and deletes', async () => {
    const store = makeStore();
    const bytes = Buffer.from('a small ONNX stand-in\n');
    const digest = sha256(bytes);
    const path = await writeSource('small.onnx', bytes);

    expect(await store.has(digest)).toBe(false);
    await expect(store.putFile(digest, path, bytes.length)).resolves.toEqual({ created: true });
    expect(await store.has(digest)).toBe(true);

    const { stream, sizeBytes } = await store.open(digest);
    expect(sizeBytes).toBe(bytes.length);
    expect((await readAll(stream)).equals(bytes)).toBe(true);
    // Below one part the upload is a single PutObject, which S3 applies atomically.
    expect(log.operations(keyOf(digest))).toContain('PutObject');
    expect(log.operations(keyOf(digest))).not.toContain('CreateMultipartUpload');

    await store.delete(digest);
    expect(await store.has(digest)).toBe(false);
    await expect(store.delete(digest)).resolves.toBeUndefined();
  });

  it('reports created: false on a second put of the same content and uploads nothing', async () => {
    const store = makeStore();
    const bytes = Buffer.from('stored twice');
    const digest = sha256(bytes);
    const path = await writeSource('twice.onnx', bytes);

    await expect(store.putFile(digest, path, bytes.length)).resolves.toEqual({ created: true });
    log.clear();
    await expect(store.putFile(digest, path, bytes.length)).resolves.toEqual({ created: false });

    expect(log.operations(keyOf(digest))).toEqual(['HEAD']);
  });

  it('uploads a 55 MB artifact in 8 MiB parts and reads back the same SHA-256', async () => {
    const store = makeStore();
    const size = 55 * 1000 * 1000;
    const path = join(workDir, 'large.onnx');
    const digest = await writePseudoRandomFile(path, size, 55);

    const startedAt = performance.now();
    await expect(store.putFile(digest, path, size)).resolves.toEqual({ created: true });
    const uploadMs = performance.now() - startedAt;

    const operations = log.operations(keyOf(digest));
    const partSizes = log
      .forKey(keyOf(digest))
      .filter((r) => RequestLog.describe(r) === 'UploadPart')
      .map((r) => Number(r.headers['content-length']));
    expect(operations.filter((o) => o === 'CreateMultipartUpload')).toHaveLength(1);
    expect(operations.filter((o) => o === 'CompleteMultipartUpload')).toHaveLength(1);
    expect(operations).not.toContain('PutObject');
    expect(partSizes).toHaveLength(Math.ceil(size / (8 * MIB)));
    expect(partSizes.filter((s) => s === 8 * MIB)).toHaveLength(partSizes.length - 1);
    expect(partSizes.reduce((a, b) => a + b, 0)).toBe(size);

    const startedReadAt = performance.now();
    const { stream, sizeBytes } = await store.open(digest);
    expect(sizeBytes).toBe(size);
    expect(await sha256Of(stream)).toBe(digest);
    const readMs = performance.now() - startedReadAt;
    process.stdout.write(
      `55 MB multipart upload: ${uploadMs.toFixed(0)} ms, read back + hash: ${readMs.toFixed(0)} ms\n`,
    );
  });

  describe('a failure midway leaves nothing under the final key', () => {
    it('when the file is shorter than declared (truncated after hashing)', async () => {
      const store = makeStore();
      const size = 20 * MIB;
      const path = join(workDir, 'truncated.onnx');
      const digest = await writePseudoRandomFile(path, size, 20);
      // Cut after the caller hashed it but before the store reads it: parts 1 and 2 still go up in full.
      await truncate(path, size - 1);

      const error = await store.putFile(digest, path, size).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ArtifactContentMismatchError);
      expect((error as Error).message).toContain(`declared as ${size} bytes, the file holds ${size - 1}`);
      const operations = log.operations(keyOf(digest));
      expect(operations).toContain('UploadPart');
      expect(operations).not.toContain('CompleteMultipartUpload');
      // s3rver 3.7 has no AbortMultipartUpload route (it answers 405), so the abort can only be observed as
      // sent, not as acted on; real S3 and MinIO discard the parts.
      expect(operations).toContain('AbortMultipartUpload');
      expect(await store.has(digest)).toBe(false);
      await expect(store.open(digest)).rejects.toBeInstanceOf(ArtifactNotFoundError);
    });

    it('when the bytes do not hash to the declared digest', async () => {
      const store = makeStore();
      const size = 9 * MIB;
      const path = join(workDir, 'tampered.onnx');
      await writePseudoRandomFile(path, size, 9);
      const claimed = sha256('the file the caller thought it had');

      await expect(store.putFile(claimed, path, size)).rejects.toThrow(/hashes to [0-9a-f]{64}/);

      expect(log.operations(keyOf(claimed))).not.toContain('CompleteMultipartUpload');
      expect(log.operations(keyOf(claimed))).toContain('AbortMultipartUpload');
      expect(await store.has(claimed)).toBe(false);
    });

    it('when a small file does not match, nothing is sent at all', async () => {
      const store = makeStore();
      const bytes = Buffer.from('small but wrong');
      const path = await writeSource('small-wrong.onnx', bytes);
      const claimed = sha256('small and right');

      await expect(store.putFile(claimed, path, bytes.length)).rejects.toBeInstanceOf(ArtifactContentMismatchError);

      expect(log.operations(keyOf(claimed))).toEqual(['HEAD']);
      expect(await store.has(claimed)).toBe(false);
    });

    it('when the file has disappeared', async () => {
      const store = makeStore();
      const digest = sha256('never written');

      await expect(store.putFile(digest, join(workDir, 'gone.onnx'), 1234)).rejects.toMatchObject({
        code: 'ENOENT',
      });

      expect(log.operations(keyOf(digest))).toEqual(['HEAD']);
      expect(await store.has(digest)).toBe(false);
    });
  });

  it('sends the server-side encryption headers on every upload request when configured', async () => {
    // s3rver accepts and ignores these headers, so they are checked as received rather than by their effect.
    const store = makeStore({ serverSideEncryption: 'aws:kms', sseKmsKeyId: 'alias/vigil-artifacts' });
    const smallBytes = Buffer.from('encrypted at rest');
    const small = sha256(smallBytes);
    const largePath = join(workDir, 'encrypted-large.onnx');
    const large = await writePseudoRandomFile(largePath, 9 * MIB, 3);

    await store.putFile(small, await writeSource('encrypted-small.onnx', smallBytes), smallBytes.length);
    await store.putFile(large, largePath, 9 * MIB);

    const creating = [
      ...log.forKey(keyOf(small)).filter((r) => RequestLog.describe(r) === 'PutObject'),
      ...log.forKey(keyOf(large)).filter((r) => RequestLog.describe(r) === 'CreateMultipartUpload'),
    ];
    expect(creating).toHaveLength(2);
    for (const request of creating) {
      expect(request.headers['x-amz-server-side-encryption']).toBe('aws:kms');
      expect(request.headers['x-amz-server-side-encryption-aws-kms-key-id']).toBe('alias/vigil-artifacts');
    }
  });

  it('sends no encryption header when none is configured', async () => {
    const store = makeStore();
    const bytes = Buffer.from('bucket default encryption applies');
    const digest = sha256(bytes);

    await store.putFile(digest, await writeSource('plain.onnx', bytes), bytes.length);

    const put = log.forKey(keyOf(digest)).find((r) => RequestLog.describe(r) === 'PutObject');
    expect(put?.headers['x-amz-server-side-encryption']).toBeUndefined();
  });

  it('keeps objects under the configured prefix', async () => {
    const store = makeStore({ prefix: '/vigil/prod/' });
    const bytes = Buffer.from('prefixed');
    const digest = sha256(bytes);

    await store.putFile(digest, await writeSource('prefixed.onnx', bytes), bytes.length);

    expect(log.operations(`vigil/prod/${keyOf(digest)}`)).toContain('PutObject');
    expect(await store.has(digest)).toBe(true);
    expect(await makeStore().has(digest)).toBe(false);
  });

  it('throws ArtifactNotFoundError when opening a digest that is not stored', async () => {
    const digest = sha256('not stored');

    const error = await makeStore()
      .open(digest)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ArtifactNotFoundError);
    expect(error).toMatchObject({ code: 'artifact_not_found', sha256: digest });
  });

  it('refuses an invalid sha256 before sending anything', async () => {
    const store = makeStore();
    const path = await writeSource('any.onnx', 'x');

    for (const bad of ['../../secrets', 'A'.repeat(64), 'a'.repeat(63)]) {
      await expect(store.has(bad)).rejects.toBeInstanceOf(InvalidSha256Error);
      await expect(store.putFile(bad, path, 1)).rejects.toBeInstanceOf(InvalidSha256Error);
      await expect(store.open(bad)).rejects.toBeInstanceOf(InvalidSha256Error);
      await expect(store.delete(bad)).rejects.toBeInstanceOf(InvalidSha256Error);
    }
    expect(log.requests).toEqual([]);
  });

  it('passes check() on an existing bucket', async () => {
    await expect(makeStore().check()).resolves.toBeUndefined();
  });

  it('fails check() clearly for a missing bucket', async () => {
    const error = await makeStore({ bucket: 'no-such-bucket' })
      .check()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ArtifactStoreUnavailableError);
    expect((error as Error).message).toBe(
      `S3 bucket "no-such-bucket" at ${endpoint} is not usable: the bucket does not exist (NotFound, HTTP 404)`,
    );
  });

  it('hands out a time-limited pre-signed URL that fetches the exact bytes, and only while valid', async () => {
    const store = makeStore();
    const dir = await mkdtemp(join(tmpdir(), 'vigil-presign-'));
    const file = join(dir, 'a.bin');
    const bytes = Buffer.from('pre-signed artifact bytes');
    await writeFile(file, bytes);
    const digest = sha256(bytes);
    await store.putFile(digest, file, bytes.length);
    const url = await store.presignedDownloadUrl(digest, 300);
    expect(url).toMatch(/X-Amz-Signature=/);
    expect(url).toMatch(/X-Amz-Expires=300/);
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    // s3rver does not check query-string signatures, so a tampered URL cannot be shown to fail here; the
    // signing itself is the SDK's, and the URL carries its expiry.
    await expect(store.presignedDownloadUrl(digest, 0)).rejects.toThrow(/between 1 and 604800/);
  });
});
