/**
 * The file handed to `putFile` is not what the caller declared: its size or its SHA-256 differs. Nothing is
 * stored under the content key when this is raised.
 */
export class ArtifactContentMismatchError extends Error {
  readonly code = 'artifact_content_mismatch';

  constructor(
    readonly sha256: string,
    detail: string,
  ) {
    super(`Artifact ${sha256} does not match its file: ${detail}`);
    this.name = 'ArtifactContentMismatchError';
  }
}
