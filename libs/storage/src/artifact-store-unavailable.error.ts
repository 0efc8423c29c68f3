/** The artifact store cannot be used at all (readiness probe failed): wrong directory, bucket or credentials. */
export class ArtifactStoreUnavailableError extends Error {
  readonly code = 'artifact_store_unavailable';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ArtifactStoreUnavailableError';
  }
}
