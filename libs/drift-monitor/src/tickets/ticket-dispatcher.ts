import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DriftMonitorRepository, GovernanceTicketEntity, type GovernanceTicketEventEntity } from '@vigil/persistence';
import { DataSource } from 'typeorm';
import {
  type TicketNotification,
  type TicketSeverity,
  type TicketSink,
  TicketSinkRetryableError,
} from '../sinks/ticket-sink';
import { describeTicket } from './ticket-description';

export const TICKET_SINKS = Symbol('TICKET_SINKS');

/** A sink's head event is given up on (recorded as failed) after this many retryable failures in a row. */
export const MAX_DELIVERY_ATTEMPTS = 8;
const BASE_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 5 * 60_000;

interface HeadAttempts {
  seq: string;
  attempts: number;
  notBefore: number;
}

/** What one dispatch pass did per sink. */
export interface DispatchSummary {
  delivered: number;
  failed: number;
  /** Sinks waiting for a retry (their next event is held back so events stay in order). */
  waiting: string[];
}

/**
 * Delivers stored ticket events to the configured outbound sinks (webhook, Jira): per sink in event order, each
 * event once (a `ticket_delivery` row records it, written in the transaction that holds the sink's lock, so two
 * monitor replicas never both deliver). A retryable failure holds the sink's queue with exponential backoff, so
 * a comment never overtakes the issue it belongs to; after MAX_DELIVERY_ATTEMPTS, or on a permanent failure, the
 * event is recorded as failed (with the reason, visible in `vigil ticket show`) and the queue moves on.
 */
@Injectable()
export class TicketDispatcher {
  private readonly log = new Logger(TicketDispatcher.name);
  private readonly heads = new Map<string, HeadAttempts>();

  constructor(
    private readonly db: DataSource,
    private readonly repo: DriftMonitorRepository,
    @Optional() @Inject(TICKET_SINKS) private readonly sinks: TicketSink[] | null,
  ) {}

  get configuredSinks(): readonly string[] {
    return (this.sinks ?? []).map((s) => s.name);
  }

  async runOnce(now: Date = new Date(), maxPerSink = 50): Promise<DispatchSummary> {
    const summary: DispatchSummary = { delivered: 0, failed: 0, waiting: [] };
    for (const sink of this.sinks ?? []) {
      await this.db.transaction(async (em) => {
        const [lock]: { locked: boolean }[] = await em.query(
          `SELECT pg_try_advisory_xact_lock(hashtextextended('vigil.ticket-sink:' || $1, 0)) AS locked`,
          [sink.name],
        );
        if (!lock.locked) return;
        for (let i = 0; i < maxPerSink; i++) {
          const event = await this.repo.nextUndeliveredEvent(sink.name, em);
          if (!event) return;
          const head = this.heads.get(sink.name);
          const attempts = head?.seq === event.seq ? head.attempts : 0;
          if (head?.seq === event.seq && head.notBefore > now.getTime()) {
            summary.waiting.push(sink.name);
            return;
          }
          const ticket = await this.repo.findTicket(event.ticketId, em);
          if (!ticket) return;
          try {
            const result = await sink.deliver(notificationOf(ticket, event, sink.name));
            if (result.externalRef && ticket.externalRefs[sink.name] !== result.externalRef) {
              // Only this sink's key is merged into the stored row. Saving the ticket as read before the delivery
              // would write its other columns back as they were then, undoing whatever the evaluator or a person
              // changed while the sink was talking to the remote (an acknowledgement, an escalation, a close).
              await em
                .createQueryBuilder()
                .update(GovernanceTicketEntity)
                .set({
                  externalRefs: () => 'external_refs || jsonb_build_object(CAST(:sink AS text), CAST(:ref AS text))',
                })
                .where('id = :id', { id: ticket.id, sink: sink.name, ref: result.externalRef })
                .execute();
            }
            await this.repo.recordDelivery(em, sink.name, event.seq, 'delivered', attempts + 1, null, now);
            this.heads.delete(sink.name);
            summary.delivered++;
          } catch (e) {
            const message = e instanceof Error ? e.message : String(e);
            const retryable = e instanceof TicketSinkRetryableError && attempts + 1 < MAX_DELIVERY_ATTEMPTS;
            if (retryable) {
              const backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempts);
              const wait = Math.max(backoff, e.retryAfterMs ?? 0);
              this.heads.set(sink.name, { seq: event.seq, attempts: attempts + 1, notBefore: now.getTime() + wait });
              this.log.warn(
                `ticket sink ${sink.name}: delivery of event ${event.seq} failed (${message}); retrying in ${Math.round(wait / 1000)} s`,
              );
              summary.waiting.push(sink.name);
              return;
            }
            await this.repo.recordDelivery(
              em,
              sink.name,
              event.seq,
              'failed',
              attempts + 1,
              message.slice(0, 2000),
              now,
            );
            this.heads.delete(sink.name);
            this.log.error(
              `ticket sink ${sink.name}: gave up on event ${event.seq} after ${attempts + 1} attempt(s): ${message}`,
            );
            summary.failed++;
          }
        }
      });
    }
    return summary;
  }
}

function notificationOf(
  ticket: GovernanceTicketEntity,
  event: GovernanceTicketEventEntity,
  sink: string,
): TicketNotification {
  return {
    deliveryId: event.id,
    kind: event.kind as TicketNotification['kind'],
    occurredAt: event.occurredAt,
    summary: event.summary,
    ticket: {
      id: ticket.id,
      number: ticket.number,
      title: ticket.title,
      status: ticket.status,
      severity: ticket.severity as TicketSeverity,
      owner: ticket.owner,
      escalatedTo: ticket.escalatedAt ? ticket.escalationTo : null,
      model: ticket.modelName,
      version: ticket.version,
      site: ticket.site,
      signal: ticket.signal,
      openedAt: ticket.openedAt,
      closedAt: ticket.closedAt,
      description: describeTicket(ticket),
      links: ticket.links,
      externalRef: ticket.externalRefs[sink] ?? null,
    },
  };
}
