/** Dependency-injection token under which an app provides its one ArtifactStore. */
export const ARTIFACT_STORE = Symbol('ArtifactStore');
