/*
 * The contract between the ticket outbox and the places a governance ticket is mirrored to (a signed webhook,
 * Jira). The outbox calls `deliver` once per stored ticket event and retries on `TicketSinkRetryableError`;
 * everything else a sink throws is recorded as a permanent failure. See docs/ticket-sinks.md.
 */

/** What a sink is told about a ticket: the stored ticket plus what just happened to it. */
export interface TicketNotification {
  /** Unique per delivery attempt group: the outbox row id; receivers de-duplicate on it. */
  deliveryId: string;
  kind: 'opened' | 'updated' | 'escalated' | 'acknowledged' | 'closed';
  occurredAt: Date;
  ticket: {
    id: string; // uuid
    number: number; // human number, shown as VGL-<number>
    title: string;
    status: 'open' | 'recovering' | 'closed';
    severity: 'low' | 'medium' | 'high' | 'critical';
    owner: string; // e-mail or team address
    escalatedTo: string | null;
    model: string;
    version: number;
    site: string;
    signal: string;
    openedAt: Date;
    closedAt: Date | null;
    /** Markdown-free plain text: evidence (windows, values vs thresholds, worst features, event counts, label coverage). */
    description: string;
    /** Links to the version, its validation report and its approval in the registry (absolute URLs). */
    links: { label: string; url: string }[];
    /** The sink's own id for this ticket from an earlier delivery (e.g. the Jira issue key), or null. */
    externalRef: string | null;
  };
  /** One sentence for this event (the domain action's `summary`). */
  summary: string;
}

export type TicketNotificationKind = TicketNotification['kind'];
export type TicketSeverity = TicketNotification['ticket']['severity'];

export interface TicketDeliveryResult {
  /** Set when the sink created something remote (Jira issue key); the caller stores it as externalRef. */
  externalRef?: string;
}

export interface TicketSink {
  readonly name: string; // 'webhook' | 'jira'
  deliver(n: TicketNotification): Promise<TicketDeliveryResult>;
}

/** Thrown for failures worth retrying (network, 5xx, 429); anything else thrown is permanent. */
export class TicketSinkRetryableError extends Error {
  override readonly name = 'TicketSinkRetryableError';

  constructor(
    message: string,
    /** How long the remote asked us to wait (its Retry-After), when it said. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
