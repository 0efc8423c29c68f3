/** Where the CLI reads and writes; injected so the whole program runs in-process under test. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Read only for passwords (`--password-stdin`, or a prompt when it is a terminal); absent: nothing to read. */
  stdin?: InputStream;
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

/** The part of `process.stdin` the CLI uses. */
export interface InputStream extends AsyncIterable<string | Uint8Array> {
  /** Set on terminals: only then is a password prompted for. */
  isTTY?: boolean;
  /** Present on terminals; raw mode lets a prompt read keys without the terminal echoing them. */
  setRawMode?(raw: boolean): unknown;
  on(event: 'data', listener: (chunk: string | Uint8Array) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  off(event: 'data', listener: (chunk: string | Uint8Array) => void): unknown;
  off(event: 'end', listener: () => void): unknown;
  resume(): unknown;
  pause(): unknown;
}
