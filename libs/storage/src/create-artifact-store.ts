import { type ArtifactStore } from './artifact-store';
import { type ArtifactStoreConfig } from './artifact-store.config';
import { LocalArtifactStore } from './local-artifact-store';
import { S3ArtifactStore } from './s3-artifact-store';

export function createArtifactStore(config: ArtifactStoreConfig): ArtifactStore {
  switch (config.kind) {
    case 'local':
      return new LocalArtifactStore(config);
    case 's3':
      return new S3ArtifactStore(config);
  }
}
