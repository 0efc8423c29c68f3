import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type CliIo, type InputStream } from '../cli-io';
import { runCli } from '../run-cli';

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CaptureOptions {
  env?: Record<string, string>;
  cwd?: string;
  stderrIsTty?: boolean;
  /** What is piped into stdin (e.g. a password for `--password-stdin`), or a stand-in terminal. */
  stdin?: string | InputStream;
}

/**
 * Runs `vigil` in-process with captured streams and only the given environment (never the caller's). The
 * default working directory is a fresh empty one, so a `.vigil/admin-token` lying in the checkout is not used.
 * Without `stdin`, stdin is an empty pipe, as under CI.
 */
export async function captureCli(argv: readonly string[], options: CaptureOptions = {}): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const stdin = options.stdin ?? '';
  const io: CliIo = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: options.stderrIsTty ?? false, columns: 120 },
    stdin: typeof stdin === 'string' ? Readable.from([Buffer.from(stdin)]) : stdin,
    env: options.env ?? {},
    cwd: options.cwd ?? mkdtempSync(join(tmpdir(), 'vigil-cli-')),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
