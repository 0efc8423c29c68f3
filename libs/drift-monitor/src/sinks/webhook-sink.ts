/*
 * The signed webhook sink: POSTs each ticket event as JSON to one configured URL, signed with HMAC-SHA256 so the
 * receiver can tell it came from this Vigil and was not replayed (docs/ticket-sinks.md).
 */
import {
  bodyExcerpt,
  DEFAULT_SINK_TIMEOUT_MS,
  isRetryableStatus,
  originOf,
  parseRetryAfter,
  sendRequest,
} from './sink-http';
import {
  type TicketDeliveryResult,
  type TicketNotification,
  type TicketNotificationKind,
  type TicketSink,
  TicketSinkRetryableError,
} from './ticket-sink';
import { TicketSinkPermanentError } from './ticket-sink-permanent.error';
import { signWebhookPayload } from './webhook-signature';

/** Shorter secrets are refused: HMAC is only as strong as a key nobody can guess. */
export const WEBHOOK_SECRET_MIN_LENGTH = 32;

export interface WebhookSinkConfig {
  /** Where to POST (http or https; use https anywhere but loopback). */
  url: string;
  /** The shared HMAC key, at least 32 characters. */
  secret: string;
  /** Deadline for the whole exchange; default 10 s. */
  timeoutMs?: number;
  /** The clock for `Vigil-Timestamp`; tests pass their own. */
  now?: () => Date;
}

/** The JSON body a receiver gets: the notification with dates as ISO 8601 strings and a `type`. */
export interface WebhookTicketEvent {
  type: `vigil.ticket.${TicketNotificationKind}`;
  deliveryId: string;
  kind: TicketNotificationKind;
  occurredAt: string;
  summary: string;
  ticket: Omit<TicketNotification['ticket'], 'openedAt' | 'closedAt'> & { openedAt: string; closedAt: string | null };
}

export function webhookTicketEvent(n: TicketNotification): WebhookTicketEvent {
  return {
    type: `vigil.ticket.${n.kind}`,
    deliveryId: n.deliveryId,
    kind: n.kind,
    occurredAt: n.occurredAt.toISOString(),
    summary: n.summary,
    ticket: {
      ...n.ticket,
      links: n.ticket.links.map((link) => ({ label: link.label, url: link.url })),
      openedAt: n.ticket.openedAt.toISOString(),
      closedAt: n.ticket.closedAt === null ? null : n.ticket.closedAt.toISOString(),
    },
  };
}

export class WebhookTicketSink implements TicketSink {
  readonly name = 'webhook';
  private readonly url: string;
  private readonly secret: string;
  private readonly timeoutMs: number;
  private readonly now: () => Date;
  private readonly remote: string;

  constructor(config: WebhookSinkConfig) {
    let parsed: URL;
    try {
      parsed = new URL(config.url);
    } catch {
      throw new Error('the ticket webhook URL is not a valid absolute URL');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new Error(`the ticket webhook URL must be http or https, not ${parsed.protocol.replace(':', '')}`);
    }
    if (config.secret.length < WEBHOOK_SECRET_MIN_LENGTH) {
      throw new Error(
        `the ticket webhook secret must be at least ${WEBHOOK_SECRET_MIN_LENGTH} characters (it has ${config.secret.length})`,
      );
    }
    if (config.timeoutMs !== undefined && !(Number.isInteger(config.timeoutMs) && config.timeoutMs > 0)) {
      throw new Error('the ticket webhook timeout must be a positive whole number of milliseconds');
    }
    this.url = parsed.toString();
    this.secret = config.secret;
    this.timeoutMs = config.timeoutMs ?? DEFAULT_SINK_TIMEOUT_MS;
    this.now = config.now ?? (() => new Date());
    this.remote = `the webhook receiver at ${originOf(this.url)}`;
  }

  async deliver(n: TicketNotification): Promise<TicketDeliveryResult> {
    const body = JSON.stringify(webhookTicketEvent(n));
    const timestamp = Math.floor(this.now().getTime() / 1000);
    const response = await sendRequest(
      this.url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'vigil-ticket-webhook/1',
          'Vigil-Delivery': n.deliveryId,
          'Vigil-Timestamp': String(timestamp),
          'Vigil-Signature': signWebhookPayload(this.secret, timestamp, body),
        },
        body,
      },
      this.timeoutMs,
      this.remote,
    );
    const { status } = response;
    if (status >= 200 && status < 300) return {};

    const answered = `${this.remote} answered ${status}${response.statusText ? ` ${response.statusText}` : ''} to delivery ${n.deliveryId}`;
    const excerpt = bodyExcerpt(response.text, [this.secret]);
    const detail = excerpt ? `: ${excerpt}` : '';
    if (isRetryableStatus(status)) {
      throw new TicketSinkRetryableError(
        `${answered}${detail}`,
        parseRetryAfter(response.headers.get('retry-after'), this.now()),
      );
    }
    if (status >= 300 && status < 400) {
      throw new TicketSinkPermanentError(
        `${answered} (a redirect, which is not followed with a signed body); configure the final URL`,
        status,
      );
    }
    throw new TicketSinkPermanentError(`${answered}${detail}`, status);
  }
}
