import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DriftEventRepository } from '@vigil/persistence';
import { DEFAULT_PARTITIONS_AHEAD_DAYS, DRIFT_INGEST_OPTIONS, type DriftIngestOptions } from '../drift-ingest-options';
import { DAY_MS, daysToPrepare, expiredPartitions } from './partition-days';

/** Rows deleted per statement from the default partition: short transactions, so ingestion never waits long. */
const CHUNK = 10_000;

/**
 * Keeps `inference_event`'s day partitions: creates today's and the next days' (on start and every round, so a
 * day's partition exists well before its first event), and applies the retention by dropping whole partitions
 * older than it (with their events' keys, outcomes and feedback) and deleting what is that old in the default
 * partition. Runs in every replica; each step takes an advisory lock without waiting, so replicas take turns and
 * a replica that finds the lock taken leaves the step to the one holding it.
 */
@Injectable()
export class EventRetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('EventRetention');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly events: DriftEventRepository,
    @Inject(DRIFT_INGEST_OPTIONS) private readonly options: DriftIngestOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Before the first batch: otherwise today's events would land in the default partition until the first round.
    await this.preparePartitions().catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not create the event partitions ahead; trying again next round');
    });
    if (this.options.retentionSweepIntervalMs <= 0) return;
    this.timer = setInterval(() => this.runInBackground(), this.options.retentionSweepIntervalMs);
    this.timer.unref();
    this.runInBackground();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Creates the partitions of today and the days ahead that do not exist yet; returns their names. */
  async preparePartitions(now = new Date()): Promise<string[]> {
    const ahead = this.options.partitionsAheadDays ?? DEFAULT_PARTITIONS_AHEAD_DAYS;
    const existing = new Set((await this.events.eventDayPartitions()).map((p) => p.day.getTime()));
    const created: string[] = [];
    for (const day of daysToPrepare(now, ahead)) {
      if (existing.has(day.getTime())) continue;
      const done = await this.events.createEventDayPartition(day);
      if (done === null) break; // another replica is at it
      if (done) created.push(day.toISOString().slice(0, 10));
    }
    if (created.length > 0) this.logger.log({ days: created }, 'event partitions created');
    return created;
  }

  /**
   * One maintenance round as of `now`: partitions ahead, then retention. Returns how many events retention
   * deleted (dropped partitions and default-partition rows together).
   */
  async sweep(now = new Date()): Promise<number> {
    await this.preparePartitions(now);
    const cutoff = new Date(now.getTime() - this.options.retentionDays * DAY_MS);
    let total = 0;
    const dropped: string[] = [];
    for (const partition of expiredPartitions(await this.events.eventDayPartitions(), cutoff)) {
      const n = await this.events.dropEventDayPartition(partition.name);
      if (n === null) break; // another replica is at it
      total += n;
      dropped.push(partition.name);
    }
    for (;;) {
      const n = await this.events.deleteDefaultPartitionEventsBefore(cutoff, CHUNK);
      total += n;
      if (n < CHUNK) break;
    }
    if (total > 0 || dropped.length > 0) {
      this.logger.log(
        { deleted: total, partitionsDropped: dropped, cutoff: cutoff.toISOString() },
        'old events deleted',
      );
    }
    return total;
  }

  private runInBackground(): void {
    if (this.running) return;
    this.running = this.sweep()
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'event partition maintenance failed; trying again next round');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
  }
}
