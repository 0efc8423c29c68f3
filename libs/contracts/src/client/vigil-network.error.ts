/** The registry could not be reached, or did not answer in time, or the transfer broke off. */
export class VigilNetworkError extends Error {
  override readonly name = 'VigilNetworkError';

  constructor(
    message: string,
    readonly url: string,
    readonly timedOut: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
