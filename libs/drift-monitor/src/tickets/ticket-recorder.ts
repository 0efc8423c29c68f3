import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { IncidentKey, TicketAction, WindowEvidence } from '@vigil/domain';
import {
  AuditLogRepository,
  DriftMonitorRepository,
  GovernanceTicketEntity,
  type GovernanceTicketEventEntity,
} from '@vigil/persistence';
import type { EntityManager } from 'typeorm';

/** Who is acting: the monitor itself (windows, deadlines) or a person through the API. */
export interface TicketActor {
  name: string;
  role: string | null;
  requestId: string | null;
}

export const MONITOR_ACTOR: TicketActor = { name: 'drift-monitor', role: null, requestId: null };

/** What the recorder needs to know about the stream beyond the incident key. */
export interface TicketContext {
  modelId: string;
  policyRevision: number;
  links: { label: string; url: string }[];
}

/** `VGL-12`, as people and sinks name a ticket. */
export function ticketLabel(number: number): string {
  return `VGL-${number}`;
}

/**
 * Writes the domain's ticket actions to the ticket tables inside the caller's transaction: opening inserts a
 * ticket (numbered from a sequence) with its evidence; updates, escalation and closing change the same ticket.
 * Every action also appends a ticket event (what the sinks deliver, in order) and an audit entry.
 */
@Injectable()
export class TicketRecorder {
  constructor(
    private readonly repo: DriftMonitorRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  /**
   * Applies the actions for one incident. `ticketId` is the incident's current ticket (null when none is open);
   * returns the ticket id the incident should point at afterwards (null once closed).
   */
  async apply(
    em: EntityManager,
    actions: readonly TicketAction[],
    ticketId: string | null,
    ctx: TicketContext,
    actor: TicketActor,
    now: Date,
  ): Promise<string | null> {
    let current = ticketId;
    for (const action of actions) {
      switch (action.kind) {
        case 'open_ticket': {
          const ticket = Object.assign(new GovernanceTicketEntity(), {
            id: randomUUID(),
            number: await this.repo.nextTicketNumber(em),
            modelId: ctx.modelId,
            modelName: action.key.model,
            version: action.key.version,
            site: action.key.site,
            signal: action.key.signal,
            status: 'open' as const,
            severity: action.severity,
            owner: action.owner,
            title: action.title,
            policyRevision: ctx.policyRevision,
            escalationTo: action.escalation?.to ?? null,
            escalationDue: action.escalation?.due ?? null,
            escalatedAt: null,
            acknowledgedBy: null,
            acknowledgedAt: null,
            openedAt: now,
            updatedAt: now,
            closedAt: null,
            closeReason: null,
            resolvedBy: null,
            resolutionNote: null,
            evidence: json({
              measures: action.measures,
              direction: action.direction,
              threshold: action.threshold,
              recovery: action.recovery,
              consecutiveWindows: action.consecutiveWindows,
              recoveryWindows: action.recoveryWindows,
              windows: action.windows,
            }),
            latestWindow: json(action.windows[action.windows.length - 1] ?? null),
            windowCount: action.windows.length,
            links: ctx.links,
            externalRefs: {},
          });
          await this.repo.saveTicket(em, ticket);
          await this.event(em, ticket.id, 'opened', actor, action.summary, action.windows.at(-1) ?? null, now);
          await this.auditTicket(em, actor, 'governance_ticket.opened', ticket, null, {
            status: 'open',
            severity: ticket.severity,
            owner: ticket.owner,
            key: keyOf(action.key),
          });
          current = ticket.id;
          break;
        }
        case 'update_ticket': {
          const ticket = await this.requireTicket(em, current, action.key);
          const before = ticket.status;
          ticket.status = action.status;
          ticket.latestWindow = json(action.window);
          ticket.windowCount += 1;
          ticket.updatedAt = now;
          await this.repo.saveTicket(em, ticket);
          await this.event(em, ticket.id, 'updated', actor, action.summary, action.window, now);
          if (before !== ticket.status) {
            await this.auditTicket(
              em,
              actor,
              'governance_ticket.status_changed',
              ticket,
              { status: before },
              {
                status: ticket.status,
              },
            );
          }
          break;
        }
        case 'escalate': {
          const ticket = await this.requireTicket(em, current, action.key);
          ticket.escalatedAt = now;
          ticket.escalationTo = action.to;
          ticket.updatedAt = now;
          await this.repo.saveTicket(em, ticket);
          await this.event(em, ticket.id, 'escalated', actor, action.summary, null, now);
          await this.auditTicket(em, actor, 'governance_ticket.escalated', ticket, null, { to: action.to });
          break;
        }
        case 'close_ticket': {
          const ticket = await this.requireTicket(em, current, action.key);
          const before = ticket.status;
          ticket.status = 'closed';
          ticket.closedAt = now;
          ticket.closeReason = action.reason;
          ticket.resolvedBy = action.resolvedBy;
          ticket.resolutionNote = action.note;
          if (action.window) {
            ticket.latestWindow = json(action.window);
            ticket.windowCount += 1;
          }
          ticket.updatedAt = now;
          await this.repo.saveTicket(em, ticket);
          await this.event(em, ticket.id, 'closed', actor, action.summary, action.window, now);
          await this.auditTicket(
            em,
            actor,
            'governance_ticket.closed',
            ticket,
            { status: before },
            {
              status: 'closed',
              reason: action.reason,
              note: action.note,
              coolDownUntil: action.coolDownUntil.toISOString(),
            },
          );
          current = null;
          break;
        }
      }
    }
    return current;
  }

  /** Records a person's acknowledgement on the ticket (the incident state is changed by the caller). */
  async acknowledged(
    em: EntityManager,
    ticket: GovernanceTicketEntity,
    actor: TicketActor,
    note: string | null,
    now: Date,
  ) {
    ticket.acknowledgedBy = actor.name;
    ticket.acknowledgedAt = now;
    ticket.updatedAt = now;
    await this.repo.saveTicket(em, ticket);
    const summary = `${actor.name} acknowledged ${ticketLabel(ticket.number)}${note ? `: ${note}` : '.'}`;
    await this.event(em, ticket.id, 'acknowledged', actor, summary, null, now);
    await this.auditTicket(em, actor, 'governance_ticket.acknowledged', ticket, null, { by: actor.name, note });
  }

  private async requireTicket(em: EntityManager, id: string | null, key: IncidentKey) {
    const ticket = id === null ? null : await this.repo.findTicket(id, em);
    if (!ticket) throw new Error(`the incident ${keyOf(key)} has no ticket to change (its state and tickets disagree)`);
    return ticket;
  }

  private event(
    em: EntityManager,
    ticketId: string,
    kind: string,
    actor: TicketActor,
    summary: string,
    window: WindowEvidence | null,
    now: Date,
  ) {
    const event: Omit<GovernanceTicketEventEntity, 'seq' | 'ticket'> = {
      id: randomUUID(),
      ticketId,
      kind,
      occurredAt: now,
      actor: actor.name,
      summary,
      window: window === null ? null : json(window),
    };
    return this.repo.appendTicketEvent(em, event);
  }

  private auditTicket(
    em: EntityManager,
    actor: TicketActor,
    action: string,
    ticket: GovernanceTicketEntity,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
  ) {
    return this.audit.append(em, {
      actor: actor.name,
      actorRole: actor.role,
      requestId: actor.requestId,
      action,
      entityType: 'governance_ticket',
      entityId: ticketLabel(ticket.number),
      before,
      after: { ...after, ticketId: ticket.id, model: ticket.modelName, version: ticket.version, site: ticket.site },
    });
  }
}

function keyOf(k: IncidentKey): string {
  return `${k.model}@${k.version} at ${k.site} (${k.signal})`;
}

/** Plain JSON (instants as ISO strings) for jsonb columns. */
function json<T>(value: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
