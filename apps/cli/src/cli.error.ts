import { type ExitCode } from './exit-codes';

/** A failure the CLI itself detects, with the exit code it means and the sentence to show. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    readonly exitCode: ExitCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
