import type {
  GovernanceTicket,
  GovernanceTicketEvent,
  GovernanceTicketSummary,
  TicketWindowEvidence,
} from '@vigil/contracts';
import { describeTicket, ticketLabel, type TicketWithHistory } from '@vigil/drift-monitor';
import type { GovernanceTicketEntity, TicketDeliveryEntity } from '@vigil/persistence';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function presentTicketSummary(t: GovernanceTicketEntity): GovernanceTicketSummary {
  const latest = t.latestWindow as { value?: number | null } | null;
  return {
    id: ticketLabel(t.number),
    number: t.number,
    title: t.title,
    status: t.status,
    severity: t.severity as GovernanceTicketSummary['severity'],
    owner: t.owner,
    model: t.modelName,
    version: t.version,
    site: t.site,
    signal: t.signal,
    openedAt: t.openedAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    closedAt: iso(t.closedAt),
    acknowledgedBy: t.acknowledgedBy,
    acknowledgedAt: iso(t.acknowledgedAt),
    escalatedAt: iso(t.escalatedAt),
    escalationTo: t.escalationTo,
    windowCount: t.windowCount,
    latestValue: latest?.value ?? null,
  };
}

export function presentTicket(
  { ticket, events }: TicketWithHistory,
  deliveries: TicketDeliveryEntity[],
): GovernanceTicket {
  const index = new Map(events.map((e, i) => [e.seq, i]));
  return {
    ...presentTicketSummary(ticket),
    description: describeTicket(ticket),
    evidence: ticket.evidence as unknown as GovernanceTicket['evidence'],
    latestWindow: ticket.latestWindow as unknown as TicketWindowEvidence | null,
    policyRevision: ticket.policyRevision,
    closeReason: ticket.closeReason as GovernanceTicket['closeReason'],
    resolvedBy: ticket.resolvedBy,
    resolutionNote: ticket.resolutionNote,
    links: ticket.links,
    externalRefs: ticket.externalRefs,
    history: events.map((e): GovernanceTicketEvent => ({
      kind: e.kind as GovernanceTicketEvent['kind'],
      at: e.occurredAt.toISOString(),
      actor: e.actor,
      summary: e.summary,
      window: e.window as unknown as TicketWindowEvidence | null,
    })),
    deliveries: deliveries.map((d) => ({
      sink: d.sink,
      event: index.get(d.eventSeq) ?? -1,
      status: d.status,
      attempts: d.attempts,
      error: d.error,
      finishedAt: d.finishedAt.toISOString(),
    })),
  };
}
