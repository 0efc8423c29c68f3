export interface LocalArtifactStoreOptions {
  /** Directory that holds the `sha256/` tree. It must exist: `check()` refuses to create it (see the store). */
  rootDir: string;
}
