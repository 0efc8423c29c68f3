import { S3ArtifactStore } from './s3-artifact-store';

// Behaviour against a real S3-speaking server is in s3-artifact-store.int-spec.ts; these are the option checks
// that need no server.
describe('S3ArtifactStore options', () => {
  const base = { region: 'eu-west-1', bucket: 'vigil-artifacts' };

  it('needs a bucket and a region', () => {
    expect(() => new S3ArtifactStore({ ...base, bucket: '' })).toThrow(/bucket/);
    expect(() => new S3ArtifactStore({ ...base, region: '' })).toThrow(/region/);
  });

  it('needs both halves of static credentials', () => {
    expect(() => new S3ArtifactStore({ ...base, accessKeyId: 'AKIA…' })).toThrow(/together/);
    expect(() => new S3ArtifactStore({ ...base, secretAccessKey: 'secret' })).toThrow(/together/);
  });

  it('takes a KMS key only with aws:kms encryption', () => {
    expect(() => new S3ArtifactStore({ ...base, serverSideEncryption: 'AES256', sseKmsKeyId: 'alias/x' })).toThrow(
      /aws:kms/,
    );
    expect(() => new S3ArtifactStore({ ...base, sseKmsKeyId: 'alias/x' })).toThrow(/aws:kms/);
  });
});
