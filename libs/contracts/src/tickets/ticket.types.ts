/**
 * Governance tickets on the wire (docs/drift-monitor.md): what `GET /api/v1/tickets`, `GET /api/v1/tickets/:id`
 * and the acknowledge/resolve routes return. Instants are ISO strings; `id` in routes is `VGL-<n>` or `<n>`.
 */

/** One judged window as a ticket shows it: the value beside the levels it was judged against. */
export interface TicketWindowEvidence {
  windowStart: string;
  windowEnd: string;
  judgement: 'crossed' | 'recovered' | 'between' | 'not_judged';
  reason: string;
  value: number | null;
  ci: [number, number] | null;
  events: number;
  labelled: number | null;
  feedback: number | null;
  worstFeatures: { feature: string; value: number }[];
  threshold: number;
  recovery: number;
}

export interface GovernanceTicketSummary {
  /** `VGL-<number>`. */
  id: string;
  number: number;
  title: string;
  status: 'open' | 'recovering' | 'closed';
  severity: 'low' | 'medium' | 'high' | 'critical';
  owner: string;
  model: string;
  version: number;
  site: string;
  signal: string;
  openedAt: string;
  updatedAt: string;
  closedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  escalatedAt: string | null;
  escalationTo: string | null;
  /** Windows recorded on the ticket, the opening ones included. */
  windowCount: number;
  /** The latest window's value of the signal, if it had one. */
  latestValue: number | null;
}

export interface GovernanceTicketEvent {
  kind: 'opened' | 'updated' | 'escalated' | 'acknowledged' | 'closed';
  at: string;
  actor: string;
  summary: string;
  window: TicketWindowEvidence | null;
}

export interface TicketDelivery {
  sink: string;
  /** The event's position in the ticket's history (index into `history`). */
  event: number;
  status: 'delivered' | 'failed';
  attempts: number;
  error: string | null;
  finishedAt: string;
}

export interface GovernanceTicket extends GovernanceTicketSummary {
  /** The ticket's evidence as plain text, as the sinks receive it. */
  description: string;
  evidence: {
    measures: string;
    direction: 'higher_is_worse' | 'lower_is_worse';
    threshold: number;
    recovery: number;
    consecutiveWindows: number;
    recoveryWindows: number;
    /** The crossed windows that opened it, oldest first. */
    windows: TicketWindowEvidence[];
  };
  latestWindow: TicketWindowEvidence | null;
  policyRevision: number;
  closeReason: 'recovered' | 'resolved_manually' | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
  links: { label: string; url: string }[];
  /** Ids the outbound sinks gave it, by sink, e.g. `{ "jira": "CLIN-12" }`. */
  externalRefs: Record<string, string>;
  history: GovernanceTicketEvent[];
  deliveries: TicketDelivery[];
}

export interface TicketListQuery {
  /** `open` (default: open and recovering), `closed` or `all`. */
  status?: 'open' | 'closed' | 'all';
  model?: string;
  site?: string;
  signal?: string;
  limit?: number;
  cursor?: string;
}
