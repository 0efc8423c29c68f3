import { VigilApiError } from '@vigil/contracts';

/**
 * A refusal from the registry together with sentences the CLI looked up to explain it, e.g. which signatures a
 * refused promotion still lacks. Still a VigilApiError, so the exit code and the `--json` problem document stay
 * the server's.
 */
export class ExplainedApiError extends VigilApiError {
  constructor(
    original: VigilApiError,
    readonly explanation: readonly string[],
  ) {
    super(original.status, original.problem, original.requestId, original.method, original.path);
  }
}
