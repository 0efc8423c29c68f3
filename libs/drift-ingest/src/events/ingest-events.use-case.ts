import { Inject, Injectable } from '@nestjs/common';
import type { IngestReceipt, InferenceEventDto } from '@vigil/contracts';
import type { Principal } from '@vigil/domain';
import {
  DriftEventRepository,
  type EventStreamDeployment,
  type EventStreamKey,
  type InferenceEventRow,
} from '@vigil/persistence';
import { DRIFT_INGEST_OPTIONS, type DriftIngestOptions } from '../drift-ingest-options';
import { BatchProblems, parseReportedTime, refuseOtherSites } from '../shared/batch-problems';

export interface IngestEventsCommand {
  principal: Principal;
  events: InferenceEventDto[];
  now?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const streamKey = (s: EventStreamKey) => `${s.modelName}\u0000${s.version}\u0000${s.site}`;

/**
 * Stores a batch of inference events, all or nothing, in one transaction (a multi-row insert of their keys that
 * skips event ids already stored, then COPY of the new events): a retried batch changes nothing and says how many
 * were duplicates. The answer is returned only once the transaction has committed. Refused with 422, naming each item, when an event names a version that is not (and
 * was not, at the event's time) deployed at its site in any environment, or is older than retention.
 */
@Injectable()
export class IngestEventsUseCase {
  constructor(
    private readonly events: DriftEventRepository,
    @Inject(DRIFT_INGEST_OPTIONS) private readonly options: DriftIngestOptions,
  ) {}

  async execute(cmd: IngestEventsCommand): Promise<IngestReceipt> {
    const now = cmd.now ?? new Date();
    refuseOtherSites(
      cmd.principal.site,
      cmd.events.map((e) => e.site),
    );
    const problems = new BatchProblems();
    const oldest = new Date(now.getTime() - this.options.retentionDays * DAY_MS);
    const times = cmd.events.map((e, i) => {
      const t = parseReportedTime(e.time, now, this.options.maxClockSkewMs);
      if (typeof t === 'string') problems.add(`events.${i}.time`, `time ${t}`);
      else if (t < oldest) {
        // Stored, it would be deleted at once, and a retry after that would be taken for a new event.
        problems.add(`events.${i}.time`, `time is older than the ${this.options.retentionDays}-day retention`);
      }
      return t;
    });

    const streams = new Map<string, EventStreamKey>();
    for (const e of cmd.events) {
      const key = { modelName: e.model, version: e.version, site: e.site };
      streams.set(streamKey(key), key);
    }
    const deployments = new Map<string, EventStreamDeployment>(
      (await this.events.deploymentsOf([...streams.values()])).map((d) => [streamKey(d), d]),
    );

    const rows: InferenceEventRow[] = [];
    const seen = new Set<string>();
    cmd.events.forEach((e, i) => {
      const d = deployments.get(streamKey({ modelName: e.model, version: e.version, site: e.site }));
      const time = times[i];
      if (!d?.modelId) {
        problems.add(`events.${i}.model`, `no model is named ${e.model}`);
        return;
      }
      if (!(time instanceof Date)) return;
      const replacedAfterEvent = d.lastReplacedAt !== null && time <= d.lastReplacedAt;
      if (!d.deployedNow && !replacedAfterEvent) {
        problems.add(
          `events.${i}.version`,
          `${e.model}@${e.version} is not deployed at ${e.site} in any environment (nor was it at the event's time)`,
        );
        return;
      }
      // Within one batch the first occurrence of an id wins, as it does across batches.
      if (seen.has(e.eventId)) return;
      seen.add(e.eventId);
      rows.push({
        eventId: e.eventId,
        modelId: d.modelId,
        version: e.version,
        site: e.site,
        eventTime: time,
        features: e.features,
        score: e.score,
        alertShown: e.alertShown,
        submittedBy: cmd.principal.name,
      });
    });
    problems.throwIfAny();

    // Keys and rows in one transaction, committed before this resolves: the acknowledgement follows it.
    const inserted = await this.events.insertEvents(rows);
    return { received: cmd.events.length, stored: inserted.length, duplicates: cmd.events.length - inserted.length };
  }
}
