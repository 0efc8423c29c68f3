import { setTimeout as sleep } from 'node:timers/promises';

/** What the client saw of one refusal it retried. */
export interface RetriedAnswer {
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  code: string | null;
}

export interface RetryingClientOptions {
  /** Upper bound on the wait between attempts, whatever Retry-After says (tests keep it short). */
  maxRetryDelayMs: number;
  /** Wait after a connection error (no HTTP answer at all). */
  connectionRetryDelayMs?: number;
  /** Give up on one batch after this long. */
  giveUpAfterMs?: number;
  requestTimeoutMs?: number;
}

/**
 * A small ingestion client as an inference node would write one: it resends the same batch after a 503 (waiting
 * as Retry-After asks, up to a bound) or a connection error, until it gets an answer that is not "try again".
 * Sending the same batch again is safe because ingestion is idempotent by event id.
 */
export class RetryingIngestClient {
  readonly retried: RetriedAnswer[] = [];
  connectionErrors = 0;
  attempts = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly options: RetryingClientOptions,
  ) {}

  /** Posts until acknowledged; returns the 200 body, or throws on an answer retrying cannot fix (4xx, 500). */
  async post<T = unknown>(path: string, body: unknown): Promise<T> {
    const payload = JSON.stringify(body);
    const deadline = Date.now() + (this.options.giveUpAfterMs ?? 60_000);
    for (;;) {
      if (Date.now() > deadline) throw new Error(`gave up on ${path} after ${this.attempts} attempts`);
      this.attempts += 1;
      let res: Response;
      try {
        res = await fetch(this.baseUrl + path, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
          body: payload,
          signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 30_000),
        });
      } catch {
        this.connectionErrors += 1;
        await sleep(this.options.connectionRetryDelayMs ?? 100);
        continue;
      }
      const text = await res.text();
      if (res.status === 200) return JSON.parse(text) as T;
      if (res.status === 503) {
        let code: string | null = null;
        try {
          code = (JSON.parse(text) as { code?: string }).code ?? null;
        } catch {
          // not JSON: recorded as no code
        }
        const retryAfter = res.headers.get('retry-after');
        this.retried.push({ status: 503, contentType: res.headers.get('content-type'), retryAfter, code });
        const askedMs = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : 1000;
        await sleep(Math.min(askedMs, this.options.maxRetryDelayMs));
        continue;
      }
      throw new Error(`${path} answered ${res.status}: ${text.slice(0, 500)}`);
    }
  }
}
