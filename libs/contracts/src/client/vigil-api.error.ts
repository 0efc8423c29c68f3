import { type ProblemDetails } from './problem-details.types';

/** The registry answered with a status outside 2xx. */
export class VigilApiError extends Error {
  override readonly name = 'VigilApiError';

  constructor(
    readonly status: number,
    /** The parsed problem+json; null when the body was not one (e.g. a proxy's HTML error page). */
    readonly problem: ProblemDetails | null,
    /** The id to quote when reporting the failure: the response's `X-Request-Id`, else the one we sent. */
    readonly requestId: string | null,
    readonly method: string,
    readonly path: string,
  ) {
    super(problem?.detail ?? problem?.title ?? `the server answered ${status} to ${method} ${path}`);
  }

  /** The problem's machine code (`version_exists`, `model_not_found`, …), if any. */
  get code(): string | undefined {
    return this.problem?.code;
  }
}
