import { Injectable } from '@nestjs/common';
import type { EventOutcomeDto, ClinicianFeedbackDto, InferenceEventDto } from '@vigil/contracts';
import { DataSource } from 'typeorm';
import { type IngestKind, MonitorMetrics } from './monitor-metrics';
import { type TalliedItem, needsStoredLookup, storedByStream, streamKey, streamLabels } from './stored-by-stream';

/** Counts one batch once its receipt is known. */
export interface PendingTally {
  record(stored: number): void;
}

/**
 * Feeds `vigil_events_ingested_total` and `vigil_events_duplicate_total` by (model, site). The ingestion use
 * cases answer with counts only, so the few look-ups needed to split them by stream are made here, before the
 * batch is written: none for a batch of events from one stream (the usual case), one indexed read otherwise.
 * These reads are the metrics' own; they live in the app, not in a repository, because nothing else needs them.
 */
@Injectable()
export class IngestTally {
  constructor(
    private readonly db: DataSource,
    private readonly metrics: MonitorMetrics,
  ) {}

  async forEvents(events: readonly InferenceEventDto[]): Promise<PendingTally> {
    const items = events.map((e) => ({ eventId: e.eventId, stream: streamKey(e.model, e.site) }));
    let already: Set<string> | null = null;
    if (needsStoredLookup(items)) {
      const rows: { event_id: string }[] = await this.db.query(
        `SELECT event_id FROM inference_event_key WHERE event_id = ANY($1::varchar[])`,
        [[...new Set(items.map((i) => i.eventId))]],
      );
      already = new Set(rows.map((r) => r.event_id));
    }
    return this.pending('events', items, already);
  }

  forOutcomes(outcomes: readonly EventOutcomeDto[]): Promise<PendingTally> {
    return this.forLinked('outcomes', 'event_outcome', outcomes);
  }

  forFeedback(feedback: readonly ClinicianFeedbackDto[]): Promise<PendingTally> {
    return this.forLinked('feedback', 'clinician_feedback', feedback);
  }

  /** Outcomes and feedback count under their event's (model, site); one read finds both and what is stored. */
  private async forLinked(
    kind: IngestKind,
    table: 'event_outcome' | 'clinician_feedback',
    linked: readonly { eventId: string }[],
  ): Promise<PendingTally> {
    const rows: { event_id: string; model: string; site: string; stored: boolean }[] = await this.db.query(
      `SELECT e.event_id, m.name AS model, e.site, (l.event_id IS NOT NULL) AS stored
         FROM inference_event_key k
         JOIN inference_event e ON e.event_id = k.event_id AND e.event_time = k.event_time
         JOIN registered_model m ON m.id = e.model_id
         LEFT JOIN ${table} l ON l.event_id = k.event_id
        WHERE k.event_id = ANY($1::varchar[])`,
      [[...new Set(linked.map((l) => l.eventId))]],
    );
    const streams = new Map(rows.map((r) => [r.event_id, streamKey(r.model, r.site)]));
    const items: TalliedItem[] = linked.map((l) => ({ eventId: l.eventId, stream: streams.get(l.eventId) ?? null }));
    return this.pending(kind, items, new Set(rows.filter((r) => r.stored).map((r) => r.event_id)));
  }

  private pending(kind: IngestKind, items: TalliedItem[], already: ReadonlySet<string> | null): PendingTally {
    return {
      record: (stored) => {
        const counts = storedByStream(items, stored, already);
        for (const [stream, n] of counts.stored) this.metrics.ingested.inc({ ...streamLabels(stream), kind }, n);
        for (const [stream, n] of counts.duplicates) this.metrics.duplicates.inc({ ...streamLabels(stream), kind }, n);
      },
    };
  }
}
