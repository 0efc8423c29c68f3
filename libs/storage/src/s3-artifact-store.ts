import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { artifactKey, assertSizeBytes } from './artifact-key';
import { ArtifactNotFoundError } from './artifact-not-found.error';
import { type ArtifactStore } from './artifact-store';
import { ArtifactStoreUnavailableError } from './artifact-store-unavailable.error';
import { ContentVerifier } from './content-verifier';
import { type S3ArtifactStoreOptions } from './s3-artifact-store.options';

const MIB = 1024 * 1024;
/** Parts are buffered in memory: 8 MiB × (2 in flight + 1 filling) bounds an upload to roughly 24 MiB. */
const MIN_PART_SIZE_BYTES = 8 * MIB;
const PARTS_IN_FLIGHT = 2;
/** S3's cap on parts per upload; bigger files get bigger parts rather than a failed upload. */
const MAX_PARTS = 10_000;

/** Artifacts as objects under `<prefix>/sha256/ab/cd/<hex>` in one bucket of S3 or an S3-compatible server. */
export class S3ArtifactStore implements ArtifactStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly encryption: { ServerSideEncryption?: 'AES256' | 'aws:kms'; SSEKMSKeyId?: string };
  private readonly endpoint: string | undefined;

  constructor(options: S3ArtifactStoreOptions) {
    if (!options.bucket) throw new Error('S3ArtifactStore needs a bucket');
    if (!options.region) throw new Error('S3ArtifactStore needs a region');
    if (Boolean(options.accessKeyId) !== Boolean(options.secretAccessKey)) {
      throw new Error('S3ArtifactStore needs accessKeyId and secretAccessKey together, or neither');
    }
    if (options.sseKmsKeyId && options.serverSideEncryption !== 'aws:kms') {
      throw new Error("S3ArtifactStore: sseKmsKeyId only applies with serverSideEncryption 'aws:kms'");
    }
    this.bucket = options.bucket;
    this.prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    this.endpoint = options.endpoint;
    this.encryption = {
      ...(options.serverSideEncryption && { ServerSideEncryption: options.serverSideEncryption }),
      ...(options.sseKmsKeyId && { SSEKMSKeyId: options.sseKmsKeyId }),
    };
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials:
        options.accessKeyId && options.secretAccessKey
          ? {
              accessKeyId: options.accessKeyId,
              secretAccessKey: options.secretAccessKey,
              sessionToken: options.sessionToken,
            }
          : undefined,
    });
  }

  async has(sha256: string): Promise<boolean> {
    const Key = this.keyFor(sha256);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return true;
    } catch (error) {
      if (error instanceof NotFound || isHttpStatus(error, 404)) return false;
      throw error;
    }
  }

  async putFile(sha256: string, filePath: string, sizeBytes: number): Promise<{ created: boolean }> {
    const Key = this.keyFor(sha256);
    assertSizeBytes(sizeBytes);
    if (await this.has(sha256)) return { created: false };

    const source = createReadStream(filePath);
    const body = new ContentVerifier(sha256, sizeBytes);
    // A read error destroys `body`, which fails the upload; the callback has nothing left to report.
    pipeline(source, body, () => undefined);

    const upload = new Upload({
      client: this.client,
      partSize: Math.max(MIN_PART_SIZE_BYTES, Math.ceil(sizeBytes / MAX_PARTS)),
      queueSize: PARTS_IN_FLIGHT,
      // Aborting is done below, so that a server refusing the abort cannot hide the error that caused it.
      leavePartsOnError: true,
      params: {
        Bucket: this.bucket,
        Key,
        Body: body,
        ContentLength: sizeBytes,
        ContentType: 'application/octet-stream',
        ...this.encryption,
      },
    });
    try {
      // Files smaller than one part go up as a single PutObject, which S3 applies atomically. Larger ones
      // become visible only on CompleteMultipartUpload, which lib-storage sends only after every part was
      // uploaded and the verifier reached the end of the file without error.
      await upload.done();
    } catch (error) {
      await this.abandon(Key, upload.uploadId);
      throw error;
    } finally {
      source.destroy();
      body.destroy();
    }
    return { created: true };
  }

  async open(sha256: string): Promise<{ stream: Readable; sizeBytes: number }> {
    const Key = this.keyFor(sha256);
    let output;
    try {
      output = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
    } catch (error) {
      if (error instanceof NoSuchKey) throw new ArtifactNotFoundError(sha256);
      throw error;
    }
    const body = output.Body;
    if (!(body instanceof Readable) || output.ContentLength === undefined) {
      if (body instanceof Readable) body.destroy();
      throw new Error(`S3 returned no readable body or length for ${Key}`);
    }
    return { stream: body, sizeBytes: output.ContentLength };
  }

  async delete(sha256: string): Promise<void> {
    // S3 answers 204 whether or not the key existed, which is the idempotence the interface promises.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyFor(sha256) }));
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const where = this.endpoint ? ` at ${this.endpoint}` : '';
      throw new ArtifactStoreUnavailableError(`S3 bucket "${this.bucket}"${where} is not usable: ${explain(error)}`, {
        cause: error,
      });
    }
  }

  /** Uploading is copying anyway: the same verified multipart upload as `putFile`. */
  moveFile(sha256: string, filePath: string, sizeBytes: number): Promise<{ created: boolean }> {
    return this.putFile(sha256, filePath, sizeBytes);
  }

  /** A time-limited GET URL an edge node can fetch directly from the bucket (it verifies the SHA-256 itself). */
  async presignedDownloadUrl(sha256: string, ttlSeconds: number): Promise<string | null> {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 604_800) {
      throw new RangeError('ttlSeconds must be a whole number of seconds between 1 and 604800 (7 days)');
    }
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: this.keyFor(sha256) }), {
      expiresIn: ttlSeconds,
    });
  }

  async close(): Promise<void> {
    this.client.destroy();
    return Promise.resolve();
  }

  private keyFor(sha256: string): string {
    const key = artifactKey(sha256);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  /**
   * Parts of an unfinished multipart upload are never visible as an object, but they are billed until aborted.
   * A failed abort is not reported over the original error: a bucket lifecycle rule
   * (AbortIncompleteMultipartUpload) is the backstop, see docs/storage.md.
   */
  private async abandon(Key: string, uploadId: string | undefined): Promise<void> {
    if (!uploadId) return;
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId: uploadId }));
    } catch {
      // see above
    }
  }
}

function isHttpStatus(error: unknown, status: number): boolean {
  return error instanceof S3ServiceException && error.$metadata.httpStatusCode === status;
}

function explain(error: unknown): string {
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode;
    const hint =
      status === 404
        ? 'the bucket does not exist'
        : status === 403
          ? 'access denied, check the credentials and the bucket policy'
          : error.message;
    return `${hint} (${error.name}, HTTP ${status ?? 'unknown'})`;
  }
  return error instanceof Error ? error.message : String(error);
}
