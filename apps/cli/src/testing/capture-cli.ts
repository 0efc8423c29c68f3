import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIo } from '../cli-io';
import { runCli } from '../run-cli';

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `vigil` in-process with captured streams and only the given environment (never the caller's). The
 * default working directory is a fresh empty one, so a `.vigil/admin-token` lying in the checkout is not used.
 */
export async function captureCli(
  argv: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; stderrIsTty?: boolean } = {},
): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: options.stderrIsTty ?? false, columns: 120 },
    env: options.env ?? {},
    cwd: options.cwd ?? mkdtempSync(join(tmpdir(), 'vigil-cli-')),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
