import { spawnSync } from 'node:child_process';

export interface PromtoolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Whether promtool can be run from PATH (Debian: `apt-get install prometheus`), with its version line. The specs
 * check the exposition with their own reader always, and with promtool as well where it is installed.
 */
export function findPromtool(): { version: string } | null {
  const run = spawnSync('promtool', ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (run.error || run.status !== 0) return null;
  return { version: `${run.stdout}${run.stderr}`.split('\n')[0].trim() };
}

export function runPromtool(args: readonly string[], input?: string): PromtoolRun {
  const run = spawnSync('promtool', args, { input, encoding: 'utf8', timeout: 60_000 });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
