import { createArtifactStore } from './create-artifact-store';
import { LocalArtifactStore } from './local-artifact-store';
import { S3ArtifactStore } from './s3-artifact-store';

describe('createArtifactStore', () => {
  it('builds the store the config names', async () => {
    const local = createArtifactStore({ kind: 'local', rootDir: '/var/lib/vigil/artifacts' });
    const s3 = createArtifactStore({ kind: 's3', region: 'eu-west-1', bucket: 'vigil-artifacts' });

    expect(local).toBeInstanceOf(LocalArtifactStore);
    expect(s3).toBeInstanceOf(S3ArtifactStore);
    await s3.close();
  });
});
