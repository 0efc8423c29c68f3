/**
 * A delivery that retrying cannot fix (the remote refused the request itself, or the sink's configuration does not
 * fit the remote). Callers may treat any non-retryable error as permanent; this class only adds the HTTP status.
 */
export class TicketSinkPermanentError extends Error {
  override readonly name = 'TicketSinkPermanentError';

  constructor(
    message: string,
    /** The remote's HTTP status, when it answered at all. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
