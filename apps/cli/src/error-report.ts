import { CommanderError } from 'commander';
import { VigilApiError, VigilNetworkError } from '@vigil/contracts';
import { CliError } from './cli.error';
import { ExplainedApiError } from './explained-api.error';
import { ExitCode, exitCodeForStatus } from './exit-codes';

export interface FailureReport {
  exitCode: ExitCode;
  /** Lines for stderr, each already prefixed with `vigil: `. */
  lines: string[];
}

export interface ReportContext {
  /** Whether a token was sent: a 401 without one deserves a hint on how to give one. */
  tokenGiven: boolean;
}

/** Turns anything a command throws into the exit code and the plain sentences a person reads. */
export function reportFailure(error: unknown, context: ReportContext): FailureReport {
  if (error instanceof CliError) return { exitCode: error.exitCode, lines: [say(error.message)] };
  if (error instanceof VigilApiError) return reportApiError(error, context);
  if (error instanceof VigilNetworkError) {
    const lines = [say(error.message)];
    if (!error.timedOut)
      lines.push(say('is the registry running there? Point elsewhere with --server or VIGIL_SERVER'));
    return { exitCode: ExitCode.Server, lines };
  }
  // Commander has already printed its message; only the exit code is left to decide.
  if (error instanceof CommanderError)
    return { exitCode: error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage, lines: [] };
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: ExitCode.CheckFailed, lines: [say(`unexpected error: ${message}`)] };
}

function reportApiError(error: VigilApiError, context: ReportContext): FailureReport {
  const exitCode = exitCodeForStatus(error.status);
  const lines = [say(error.message)];
  for (const problem of error.problem?.errors ?? []) {
    lines.push(say(`${problem.field}: ${problem.message}`));
  }
  if (error instanceof ExplainedApiError) lines.push(...error.explanation.map(say));
  if (error.status === 401 && !context.tokenGiven) {
    lines.push(
      say(
        'no token was given: pass --token or --token-file, set VIGIL_TOKEN or VIGIL_TOKEN_FILE, or run where ./.vigil/admin-token exists',
      ),
    );
  }
  if (exitCode === ExitCode.Server) {
    const ids = [
      error.problem?.errorId && `error id ${error.problem.errorId}`,
      error.requestId && `request id ${error.requestId}`,
    ]
      .filter(Boolean)
      .join(', ');
    if (ids) lines.push(say(`quote ${ids} when reporting this`));
  }
  return { exitCode, lines };
}

function say(sentence: string): string {
  return `vigil: ${sentence}`;
}
