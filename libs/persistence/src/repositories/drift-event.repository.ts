import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';

/** One (model, version, site) stream a batch names. */
export interface EventStreamKey {
  modelName: string;
  version: number;
  site: string;
}

/** Where a stream stands in the deployments: is the version there now, and when was it last replaced there. */
export interface EventStreamDeployment extends EventStreamKey {
  /** Null when no model has that name. */
  modelId: string | null;
  /** The version is the target of some environment at that site now. */
  deployedNow: boolean;
  /** The latest promotion or rollback at that site that moved a target away from this version. */
  lastReplacedAt: Date | null;
}

export interface InferenceEventRow {
  eventId: string;
  modelId: string;
  version: number;
  site: string;
  eventTime: Date;
  features: Record<string, number | string | null>;
  score: number;
  alertShown: boolean;
  submittedBy: string;
}

export interface EventOutcomeRow {
  eventId: string;
  label: 0 | 1;
  observedAt: Date;
  submittedBy: string;
}

export interface ClinicianFeedbackRow {
  eventId: string;
  action: 'accepted' | 'overridden' | 'dismissed';
  reason: string | null;
  submittedBy: string;
}

/** One day partition of `inference_event` (`inference_event_pYYYYMMDD`), by the UTC midnight it starts at. */
export interface EventDayPartition {
  name: string;
  day: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Arbitrary but fixed: partition creation and retention run under it, so replicas take turns (see below). */
const PARTITION_LOCK_KEY = 7_316_041_002;
/**
 * Creating or dropping a partition needs a lock that ingestion waits behind; rather than queueing inserts behind
 * a DDL statement that itself waits for a long read, give up after this long and try again next round.
 */
const PARTITION_LOCK_TIMEOUT = '3s';
const EVENT_COLUMNS = `event_id, model_id, version, site, event_time, features, score, alert_shown, submitted_by`;

/** The partition that holds one UTC day's events: `inference_event_p20260301`. */
export function eventDayPartitionName(day: Date): string {
  return `inference_event_p${day.toISOString().slice(0, 10).replaceAll('-', '')}`;
}

const PARTITION_NAME = /^inference_event_p(\d{4})(\d{2})(\d{2})$/;
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIAL_ALL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value as a field of COPY's text format: backslash, tab and line breaks escaped. */
function copyField(value: string): string {
  return COPY_SPECIAL.test(value) ? value.replace(COPY_SPECIAL_ALL, (c) => COPY_ESCAPES[c]) : value;
}

/**
 * JSON text as a COPY field. JSON.stringify writes tabs and line breaks inside strings as `\t`, `\n`, so a
 * backslash is the only character to escape, and a plain search for it is cheaper than the pattern.
 */
function copyJsonField(json: string): string {
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
}

/**
 * Raw drift-monitor input: inference events, outcomes, clinician feedback. Every write is a few statements per
 * batch, never one per row: events go in by COPY behind a multi-row insert of their keys (`ON CONFLICT DO
 * NOTHING`), outcomes and feedback by one multi-row INSERT (arrays unnested server-side) each; the ids actually
 * inserted come back so the caller can tell new rows from duplicates.
 *
 * `inference_event` is partitioned by UTC day; the partition maintenance is here too (creating a day's
 * partition, dropping an expired one with its keys, clearing old rows out of the default partition), each step
 * in a transaction under an advisory lock, so replicas running it at once take turns and the second finds the
 * work done.
 */
@Injectable()
export class DriftEventRepository {
  constructor(private readonly dataSource: DataSource) {}

  private q(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  async deploymentsOf(streams: EventStreamKey[], manager?: EntityManager): Promise<EventStreamDeployment[]> {
    if (streams.length === 0) return [];
    const rows: Record<string, unknown>[] = await this.q(manager).query(
      `SELECT w.model_name, w.version, w.site, m.id AS model_id,
              EXISTS (SELECT 1 FROM deployment_target t
                       WHERE t.model_id = m.id AND t.site = w.site AND t.version = w.version) AS deployed_now,
              (SELECT max(e.occurred_at) FROM deployment_event e
                WHERE e.model_id = m.id AND e.site = w.site AND e.previous_version = w.version) AS last_replaced_at
         FROM unnest($1::text[], $2::int[], $3::text[]) AS w(model_name, version, site)
         LEFT JOIN registered_model m ON m.name = w.model_name`,
      [streams.map((s) => s.modelName), streams.map((s) => s.version), streams.map((s) => s.site)],
    );
    return rows.map((r) => ({
      modelName: r.model_name as string,
      version: r.version as number,
      site: r.site as string,
      modelId: (r.model_id as string | null) ?? null,
      deployedNow: r.deployed_now === true,
      lastReplacedAt: (r.last_replaced_at as Date | null) ?? null,
    }));
  }

  /**
   * Inserts the events not stored yet and returns the ids it inserted, once committed. In one transaction: the
   * batch's keys go into `inference_event_key` (`ON CONFLICT DO NOTHING`, in id order so that two batches sharing
   * ids never deadlock), then the events whose key was new are streamed into `inference_event` with COPY. A key
   * held by a concurrent, uncommitted batch makes this one wait for it, then count the id as a duplicate.
   */
  async insertEvents(rows: InferenceEventRow[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const times = rows.map((r) => r.eventTime.toISOString());
    return this.inTransaction(async (runner) => {
      const keys = (await runner.query(
        `INSERT INTO inference_event_key (event_id, event_time, site)
         SELECT * FROM unnest($1::varchar[], $2::timestamptz[], $3::varchar[]) AS k(event_id, event_time, site)
         ORDER BY event_id
         ON CONFLICT (event_id) DO NOTHING
         RETURNING event_id`,
        [rows.map((r) => r.eventId), times, rows.map((r) => r.site)],
      )) as { event_id: string }[];
      const inserted = keys.map((k) => k.event_id);
      if (inserted.length === 0) return [];
      // Each new key once: should the caller pass an id twice, its first row is the one stored.
      const fresh = new Set(inserted);
      const lines: string[] = [];
      rows.forEach((r, i) => {
        if (!fresh.delete(r.eventId)) return;
        lines.push(
          `${copyField(r.eventId)}\t${r.modelId}\t${r.version}\t${copyField(r.site)}\t${times[i]}\t` +
            `${copyJsonField(JSON.stringify(r.features))}\t${r.score}\t${r.alertShown ? 't' : 'f'}\t${copyField(r.submittedBy)}\n`,
        );
      });
      const client = (await runner.connect()) as PoolClient;
      const copy = client.query(copyFrom(`COPY inference_event (${EVENT_COLUMNS}) FROM STDIN`));
      await pipeline(Readable.from([lines.join('')]), copy);
      return inserted;
    });
  }

  /** The events among `eventIds` that are stored, with their site (for site-scoped callers). */
  async eventSites(eventIds: string[], manager?: EntityManager): Promise<Map<string, string>> {
    if (eventIds.length === 0) return new Map();
    // The key table, not inference_event: one index lookup per id instead of one per id and day partition.
    const rows: { event_id: string; site: string }[] = await this.q(manager).query(
      `SELECT event_id, site FROM inference_event_key WHERE event_id = ANY($1::varchar[])`,
      [eventIds],
    );
    return new Map(rows.map((r) => [r.event_id, r.site]));
  }

  /** Inserts outcomes for events without one; returns the ids it inserted. */
  async insertOutcomes(manager: EntityManager, rows: EventOutcomeRow[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const inserted: { event_id: string }[] = await manager.query(
      `INSERT INTO event_outcome (event_id, label, observed_at, submitted_by)
       SELECT * FROM unnest($1::varchar[], $2::smallint[], $3::timestamptz[], $4::varchar[])
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id`,
      [
        rows.map((r) => r.eventId),
        rows.map((r) => r.label),
        rows.map((r) => r.observedAt.toISOString()),
        rows.map((r) => r.submittedBy),
      ],
    );
    return inserted.map((r) => r.event_id);
  }

  async storedLabels(eventIds: string[], manager?: EntityManager): Promise<Map<string, number>> {
    if (eventIds.length === 0) return new Map();
    const rows: { event_id: string; label: number }[] = await this.q(manager).query(
      `SELECT event_id, label FROM event_outcome WHERE event_id = ANY($1::varchar[])`,
      [eventIds],
    );
    return new Map(rows.map((r) => [r.event_id, Number(r.label)]));
  }

  /** Inserts feedback for events without any; returns the ids it inserted. */
  async insertFeedback(manager: EntityManager, rows: ClinicianFeedbackRow[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const inserted: { event_id: string }[] = await manager.query(
      `INSERT INTO clinician_feedback (event_id, action, reason, submitted_by)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::text[], $4::varchar[])
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id`,
      [
        rows.map((r) => r.eventId),
        rows.map((r) => r.action),
        rows.map((r) => r.reason),
        rows.map((r) => r.submittedBy),
      ],
    );
    return inserted.map((r) => r.event_id);
  }

  async storedActions(eventIds: string[], manager?: EntityManager): Promise<Map<string, string>> {
    if (eventIds.length === 0) return new Map();
    const rows: { event_id: string; action: string }[] = await this.q(manager).query(
      `SELECT event_id, action FROM clinician_feedback WHERE event_id = ANY($1::varchar[])`,
      [eventIds],
    );
    return new Map(rows.map((r) => [r.event_id, r.action]));
  }

  /** The day partitions of `inference_event` that exist, oldest first (the default partition is not one). */
  async eventDayPartitions(): Promise<EventDayPartition[]> {
    const rows: { name: string }[] = await this.dataSource.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'inference_event'::regclass`,
    );
    return rows
      .map((r) => ({ name: r.name, match: PARTITION_NAME.exec(r.name) }))
      .filter((r) => r.match !== null)
      .map((r) => ({ name: r.name, day: new Date(`${r.match![1]}-${r.match![2]}-${r.match![3]}T00:00:00Z`) }))
      .sort((a, b) => a.day.getTime() - b.day.getTime());
  }

  /**
   * Creates the partition of the UTC day starting at `day` unless it exists; returns whether it did, or null
   * when another replica holds the maintenance lock. Events of that day already in the default partition (they
   * arrived before the partition existed) move into it. The partition is built detached and then attached, which
   * locks `inference_event` only in a mode that inserts pass (SHARE UPDATE EXCLUSIVE); the default partition is
   * locked while its rows of that day move and while it is checked.
   */
  async createEventDayPartition(day: Date): Promise<boolean | null> {
    const name = eventDayPartitionName(day);
    const from = day.toISOString();
    const to = new Date(day.getTime() + DAY_MS).toISOString();
    return this.inTransaction(async (runner) => {
      if (!(await this.takeMaintenanceLock(runner))) return null;
      const [{ exists }] = (await runner.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [name])) as {
        exists: boolean;
      }[];
      if (exists) return false;
      await runner.query(`LOCK TABLE inference_event_default IN EXCLUSIVE MODE`);
      await runner.query(`CREATE TABLE "${name}" (LIKE inference_event INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      await runner.query(
        `WITH moved AS (
           DELETE FROM inference_event_default WHERE event_time >= $1 AND event_time < $2 RETURNING ${EVENT_COLUMNS}, received_at
         )
         INSERT INTO "${name}" (${EVENT_COLUMNS}, received_at) SELECT * FROM moved`,
        [from, to],
      );
      await runner.query(
        `ALTER TABLE inference_event ATTACH PARTITION "${name}" FOR VALUES FROM ('${from}') TO ('${to}')`,
      );
      return true;
    });
  }

  /**
   * Drops one day partition with the keys of its events (and so, by cascade, their outcomes and feedback), in
   * one transaction; returns how many events went, or null when another replica holds the maintenance lock.
   * Dropping a partition needs a short exclusive lock on `inference_event`: inserts wait for it (milliseconds).
   */
  async dropEventDayPartition(name: string): Promise<number | null> {
    if (!PARTITION_NAME.test(name)) throw new Error(`${name} is not an inference_event day partition`);
    return this.inTransaction(async (runner) => {
      if (!(await this.takeMaintenanceLock(runner))) return null;
      const [{ exists }] = (await runner.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [name])) as {
        exists: boolean;
      }[];
      if (!exists) return 0;
      const [{ n }] = (await runner.query(
        `WITH gone AS (
           DELETE FROM inference_event_key k USING "${name}" e
            WHERE k.event_id = e.event_id AND k.event_time = e.event_time
           RETURNING 1
         )
         SELECT count(*)::int AS n FROM gone`,
      )) as { n: number }[];
      await runner.query(`DROP TABLE "${name}"`);
      return n;
    });
  }

  /**
   * Deletes up to `limit` events of the default partition (days that had no partition when they arrived) whose
   * time is before `cutoff`, with their keys, outcomes and feedback; returns how many. Small chunks keep each
   * transaction and its locks short while ingestion goes on; rows another replica is deleting are skipped.
   */
  async deleteDefaultPartitionEventsBefore(cutoff: Date, limit: number): Promise<number> {
    const [{ n }] = await this.dataSource.query<{ n: number }[]>(
      `WITH doomed AS (
         SELECT event_id, event_time FROM inference_event_default WHERE event_time < $1 LIMIT $2 FOR UPDATE SKIP LOCKED
       ),
       events AS (
         DELETE FROM inference_event_default e USING doomed d
          WHERE e.event_id = d.event_id AND e.event_time = d.event_time RETURNING 1
       ),
       keys AS (
         DELETE FROM inference_event_key k USING doomed d
          WHERE k.event_id = d.event_id AND k.event_time = d.event_time RETURNING 1
       )
       SELECT count(*)::int AS n FROM events`,
      [cutoff.toISOString(), limit],
    );
    return n;
  }

  /**
   * The maintenance lock, for this transaction: without waiting (another replica doing the same work is reason
   * enough to skip a round), and with DDL giving up on locks it would queue behind for long.
   */
  private async takeMaintenanceLock(runner: QueryRunner): Promise<boolean> {
    await runner.query(`SET LOCAL lock_timeout = '${PARTITION_LOCK_TIMEOUT}'`);
    const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [
      PARTITION_LOCK_KEY,
    ])) as { locked: boolean }[];
    return locked;
  }

  private async inTransaction<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      try {
        const result = await work(runner);
        await runner.commitTransaction();
        return result;
      } catch (e) {
        // On a lost connection the rollback fails too; the caller needs the first error, not that one.
        await runner.rollbackTransaction().catch(() => undefined);
        throw e;
      }
    } finally {
      await runner.release();
    }
  }
}
