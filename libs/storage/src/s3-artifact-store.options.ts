export interface S3ArtifactStoreOptions {
  /** Custom endpoint for S3-compatible servers (MinIO, Ceph, …), e.g. `https://minio.internal:9000`. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Static credentials; leave both out to use the SDK's default chain (IRSA, instance profile, env, …). */
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** Address buckets as `endpoint/bucket/key` rather than `bucket.endpoint/key`; most self-hosted servers need it. */
  forcePathStyle?: boolean;
  /** Sent as `x-amz-server-side-encryption` on every upload. */
  serverSideEncryption?: 'AES256' | 'aws:kms';
  /** KMS key (id, ARN or alias) for `aws:kms`; without it S3 uses the account's default `aws/s3` key. */
  sseKmsKeyId?: string;
  /** Key prefix inside the bucket, e.g. `vigil/prod`, so one bucket can serve several installations. */
  prefix?: string;
}
