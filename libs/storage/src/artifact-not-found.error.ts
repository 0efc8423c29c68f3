/** No artifact is stored under the requested SHA-256. */
export class ArtifactNotFoundError extends Error {
  readonly code = 'artifact_not_found';

  constructor(readonly sha256: string) {
    super(`No artifact is stored under SHA-256 ${sha256}`);
    this.name = 'ArtifactNotFoundError';
  }
}
