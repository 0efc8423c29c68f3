/**
 * The process exit codes, a contract with CI pipelines: they branch on them (retry on 3, alert on 4, …),
 * so a value never changes meaning. Documented in `vigil --help` and docs/cli.md.
 */
export const ExitCode = {
  Ok: 0,
  /** The checked condition failed: a checksum mismatch, a conflict such as "already registered as version 3". */
  CheckFailed: 1,
  /** Bad or missing arguments, an unreadable local file, or input the server rejected as invalid. */
  Usage: 2,
  /** The server could not be reached, timed out, or failed (5xx). Worth retrying. */
  Server: 3,
  /** Not authenticated (401) or not allowed (403). */
  Auth: 4,
  /** The model, version or token does not exist (404). */
  NotFound: 5,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** How an HTTP error status from the registry becomes an exit code. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return ExitCode.Auth;
  if (status === 404) return ExitCode.NotFound;
  // 409: the thing already exists; 412: someone changed it since we read it. Both are facts, not bad input.
  if (status === 409 || status === 412) return ExitCode.CheckFailed;
  if (status === 429 || status >= 500) return ExitCode.Server;
  // 400, 413, 422, and 428 (which would be a CLI bug, but still a malformed request).
  if (status >= 400) return ExitCode.Usage;
  return ExitCode.Server;
}

export const EXIT_CODES_HELP = [
  'Exit codes:',
  '  0  success',
  '  1  the checked condition failed (checksum mismatch; conflict, e.g. already registered; changed meanwhile)',
  '  2  usage error: bad or missing arguments, unreadable local file, input the server rejected (400/413/422)',
  '  3  server or network error: connection refused, timeout, 5xx',
  '  4  not authenticated or not allowed (401/403)',
  '  5  not found (404)',
].join('\n');
