import type { LocalArtifactStoreOptions } from './local-artifact-store.options';
import type { S3ArtifactStoreOptions } from './s3-artifact-store.options';

/** Which store to build and how; the apps fill this from their validated environment. */
export type ArtifactStoreConfig =
  ({ kind: 'local' } & LocalArtifactStoreOptions) | ({ kind: 's3' } & S3ArtifactStoreOptions);
