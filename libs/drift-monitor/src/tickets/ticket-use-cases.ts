import { Injectable } from '@nestjs/common';
import {
  acknowledgeIncident,
  DomainError,
  MAX_NOTE_LENGTH,
  nextIncidentDeadline,
  type Principal,
  resolveIncidentManually,
} from '@vigil/domain';
import {
  DriftMonitorRepository,
  type GovernanceTicketEntity,
  type GovernanceTicketEventEntity,
  RegisteredModelRepository,
} from '@vigil/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { decodeIncidentState, encodeIncidentState } from '../evaluation/incident-codec';
import { MonitoringPolicyInForce } from '../policies/monitoring-policy-in-force.service';
import { ticketLabel, type TicketActor, TicketRecorder } from './ticket-recorder';

export const TICKET_STATUS_FILTERS = ['open', 'closed', 'all'] as const;
export type TicketStatusFilter = (typeof TICKET_STATUS_FILTERS)[number];

export interface ListTicketsQuery {
  status?: TicketStatusFilter;
  model?: string;
  site?: string;
  signal?: string;
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

export interface TicketWithHistory {
  ticket: GovernanceTicketEntity;
  events: GovernanceTicketEventEntity[];
}

export interface TicketActionCommand {
  /** `VGL-12` or `12`. */
  ticket: string;
  principal: Principal;
  requestId: string | null;
  note?: string;
}

function notFound(ref: string): DomainError {
  return new DomainError(
    'ticket_not_found',
    `There is no governance ticket ${ref}. List them with \`vigil ticket list\`.`,
  );
}

/** `VGL-12`, `vgl-12` or `12` → 12; anything else is not a ticket number. */
export function parseTicketNumber(ref: string): number | null {
  const m = /^(?:vgl-)?(\d{1,9})$/i.exec(ref.trim());
  return m ? Number(m[1]) : null;
}

/** Governance tickets as people read and act on them (served by the registry's API; docs/drift-monitor.md). */
@Injectable()
export class GovernanceTickets {
  constructor(
    private readonly db: DataSource,
    private readonly repo: DriftMonitorRepository,
    private readonly models: RegisteredModelRepository,
    private readonly policies: MonitoringPolicyInForce,
    private readonly recorder: TicketRecorder,
  ) {}

  async list(q: ListTicketsQuery): Promise<{ items: GovernanceTicketEntity[]; nextCursor: string | null }> {
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
    let modelId: string | undefined;
    if (q.model) {
      const model = await this.models.findByName(q.model);
      if (!model) return { items: [], nextCursor: null };
      modelId = model.id;
    }
    const before = q.cursor === undefined ? undefined : parseTicketNumber(q.cursor);
    if (before === null) {
      throw new DomainError('validation_failed', `The cursor "${q.cursor}" is not one this API returned.`);
    }
    const items = await this.repo.listTickets(
      { status: q.status ?? 'open', modelId, site: q.site, signal: q.signal },
      before,
      limit + 1,
    );
    const page = items.slice(0, limit);
    return { items: page, nextCursor: items.length > limit ? String(page[page.length - 1].number) : null };
  }

  async show(ref: string): Promise<TicketWithHistory> {
    const number = parseTicketNumber(ref);
    const ticket = number === null ? null : await this.repo.findTicketByNumber(number);
    if (!ticket) throw notFound(ref);
    return { ticket, events: await this.repo.ticketEvents(ticket.id) };
  }

  /** A person takes the ticket: escalation stops. Repeating it changes nothing (the first taker stays). */
  async acknowledge(cmd: TicketActionCommand, now: Date = new Date()): Promise<TicketWithHistory> {
    checkNote(cmd.note, false);
    await this.db.transaction(async (em) => {
      const { ticket, incident } = await this.lockBoth(em, cmd.ticket);
      const state = decodeIncidentState(incident.state);
      const next = acknowledgeIncident(state, cmd.principal.name, now);
      if (next === state || ticket.acknowledgedBy !== null) return;
      await this.recorder.acknowledged(em, ticket, actorOf(cmd), cmd.note?.trim() || null, now);
      incident.state = encodeIncidentState(next);
      incident.nextDeadline = nextIncidentDeadline(next);
      incident.updatedAt = now;
      await this.repo.saveIncident(em, incident);
    });
    return this.show(cmd.ticket);
  }

  /**
   * A person closes the ticket before the automatic recovery (the cause was found and fixed). Refused while the
   * latest judged window still crosses the threshold; a note is required; the cool-down applies.
   */
  async resolve(cmd: TicketActionCommand, now: Date = new Date()): Promise<TicketWithHistory> {
    checkNote(cmd.note, true);
    await this.db.transaction(async (em) => {
      const { ticket, incident } = await this.lockBoth(em, cmd.ticket);
      const inForce = await this.policies.latestMonitoringPolicy(ticket.modelId, em);
      const rule = inForce?.policy.signals.find((r) => r.signal === ticket.signal);
      if (!inForce || !rule) {
        throw new DomainError(
          'ticket_rule_missing',
          `The monitoring policy of ${ticket.modelName} no longer watches ${ticket.signal}; the ticket cannot be judged resolved. Restore the rule or ask an admin.`,
        );
      }
      const step = resolveIncidentManually(
        decodeIncidentState(incident.state),
        rule,
        cmd.principal.name,
        cmd.note ?? '',
        now,
      );
      const ticketId = await this.recorder.apply(
        em,
        step.actions,
        incident.ticketId,
        { modelId: ticket.modelId, policyRevision: inForce.revision, links: ticket.links },
        actorOf(cmd),
        now,
      );
      incident.state = encodeIncidentState(step.state);
      incident.status = step.state.status;
      incident.ticketId = ticketId;
      incident.nextDeadline = nextIncidentDeadline(step.state);
      incident.policyRevision = inForce.revision;
      incident.updatedAt = now;
      await this.repo.saveIncident(em, incident);
    });
    return this.show(cmd.ticket);
  }

  private async lockBoth(em: EntityManager, ref: string) {
    const number = parseTicketNumber(ref);
    const ticket = number === null ? null : await this.repo.lockTicketByNumber(em, number);
    if (!ticket) throw notFound(ref);
    if (ticket.status === 'closed') {
      throw new DomainError(
        'ticket_closed',
        `${ticketLabel(ticket.number)} is closed (${ticket.closeReason ?? 'closed'} at ${ticket.closedAt?.toISOString()}); a new incident opens a new ticket.`,
      );
    }
    const incident = await this.repo.lockIncident(em, ticket.modelId, ticket.version, ticket.site, ticket.signal);
    if (!incident || incident.ticketId !== ticket.id) {
      throw new Error(`${ticketLabel(ticket.number)} is open but its incident does not point at it`);
    }
    return { ticket, incident };
  }
}

function actorOf(cmd: TicketActionCommand): TicketActor {
  return { name: cmd.principal.name, role: cmd.principal.role, requestId: cmd.requestId };
}

function checkNote(note: string | undefined, required: boolean): void {
  if (note !== undefined && typeof note !== 'string') {
    throw new DomainError('validation_failed', 'note must be text.');
  }
  if (required && (note === undefined || note.trim() === '')) {
    throw new DomainError(
      'validation_failed',
      'A note is required: say why the ticket is resolved (e.g. --note "feed fixed").',
    );
  }
  if (note !== undefined && note.length > MAX_NOTE_LENGTH) {
    throw new DomainError('validation_failed', `The note is longer than ${MAX_NOTE_LENGTH} characters.`);
  }
}
