/** Where the CLI reads and writes; injected so the whole program runs in-process under test. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** The environment to read `VIGIL_*` variables from. */
  env: Readonly<Record<string, string | undefined>>;
  /** The directory relative paths (and `./.vigil/admin-token`) are resolved against. */
  cwd: string;
}

export interface OutputStream {
  write(chunk: string): unknown;
  /** Set on terminals; progress bars are drawn only then. */
  isTTY?: boolean;
  columns?: number;
}
