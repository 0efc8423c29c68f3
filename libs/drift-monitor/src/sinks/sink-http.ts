/*
 * HTTP plumbing shared by the sinks: one request with a deadline, and what a status or a failure means for the
 * outbox (retry or give up). Messages name the remote by its origin only: a webhook URL may carry a token in its
 * path or query, and no secret may reach an error message or a log line.
 */
import { TicketSinkRetryableError } from './ticket-sink';

export const DEFAULT_SINK_TIMEOUT_MS = 10_000;

/** Statuses that say "not now" rather than "never": timeouts, rate limits, the remote's own failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * A Retry-After header (delta-seconds or an HTTP date) as milliseconds from `now`; undefined when absent or
 * unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/** The start of a response body for an error message: one line, at most `max` characters, secrets blanked. */
export function bodyExcerpt(text: string, secrets: readonly string[] = [], max = 200): string {
  let line = text.replace(/\s+/g, ' ').trim();
  for (const secret of secrets) if (secret.length > 0) line = line.split(secret).join('[redacted]');
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

export function originOf(url: string): string {
  return new URL(url).origin;
}

export interface SinkHttpResponse {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
}

/**
 * Sends one request and reads the whole answer under one deadline. A network failure or the deadline passing
 * is retryable (the request may or may not have arrived, which is why sinks must be idempotent).
 */
export async function sendRequest(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  timeoutMs: number,
  /** Who the remote is, for messages, e.g. "the webhook receiver at https://hooks.example.org". */
  remote: string,
): Promise<SinkHttpResponse> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { ...init, signal, redirect: 'manual' });
    const text = await response.text();
    return { status: response.status, statusText: response.statusText, headers: response.headers, text };
  } catch (error) {
    if (signal.aborted) {
      throw new TicketSinkRetryableError(`${remote} did not answer within ${formatSeconds(timeoutMs)}`, undefined, {
        cause: error,
      });
    }
    throw new TicketSinkRetryableError(`could not reach ${remote}: ${networkReason(error)}`, undefined, {
      cause: error,
    });
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * The most specific reason fetch gives (its own message is only "fetch failed"): the first error code down the
 * `cause` chain. Duck-typed, since errors from Node's internals may come from another realm (e.g. under Jest).
 */
function networkReason(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth += 1) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    current = cause;
  }
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
