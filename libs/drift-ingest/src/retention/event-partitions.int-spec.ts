import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { InferenceEventDto } from '@vigil/contracts';
import { DomainError, type Principal } from '@vigil/domain';
import { DriftEventRepository, eventDayPartitionName } from '@vigil/persistence';
import { createTestDatabase, type TestDatabase } from '@vigil/persistence/testing';
import { DataSource, type MigrationInterface } from 'typeorm';
import type { DriftIngestOptions } from '../drift-ingest-options';
import { IngestEventsUseCase } from '../events/ingest-events.use-case';
import { EventRetentionService } from './event-retention.service';
import { DAY_MS, utcDay } from './partition-days';

const OPTIONS: DriftIngestOptions = {
  retentionDays: 30,
  retentionSweepIntervalMs: 0,
  partitionsAheadDays: 3,
  maxClockSkewMs: 15 * 60 * 1000,
};
const NODE: Principal = {
  id: randomUUID(),
  kind: 'service',
  name: 'node-a',
  role: 'deployer',
  attributes: [],
  site: null,
  via: { type: 'token', tokenId: randomUUID() },
};
// Midday, so that "n days ago" never straddles a UTC midnight whatever the hour the suite runs.
const NOW = new Date(utcDay(new Date()).getTime() + 12 * 3600 * 1000);
const daysAgo = (n: number, hour = 0) => new Date(NOW.getTime() - n * DAY_MS + hour * 3600 * 1000);

describe('inference_event day partitions, idempotency across them, retention by partition (real PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: DriftEventRepository;
  let retention: EventRetentionService;
  let ingest: IngestEventsUseCase;
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => db.dataSource.query<T[]>(sql, params);
  const count = async (from: string, params: unknown[] = []) =>
    (await q<{ n: number }>(`SELECT count(*)::int AS n FROM ${from}`, params))[0].n;
  const partitionOf = async (eventId: string) =>
    (
      await q<{ p: string }>(`SELECT tableoid::regclass::text AS p FROM inference_event WHERE event_id = $1`, [eventId])
    ).map((r) => r.p);
  const partitions = async () =>
    (
      await q<{ name: string; bound: string }>(
        `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
           FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'inference_event'::regclass ORDER BY 1`,
      )
    ).map((r) => r.name);
  const event = (eventId: string, time: Date, overrides: Partial<InferenceEventDto> = {}): InferenceEventDto => ({
    eventId,
    model: 'sepsis-risk',
    version: 1,
    site: 'site-a',
    time: time.toISOString(),
    features: { lactate: 2.1, ward: 'icu\\north', note: 'tab\there', missing: null },
    score: 0.42,
    alertShown: false,
    ...overrides,
  });
  const post = (events: InferenceEventDto[]) => ingest.execute({ principal: NODE, events, now: NOW });

  beforeAll(async () => {
    Logger.overrideLogger(false);
    db = await createTestDatabase();
    repo = new DriftEventRepository(db.dataSource);
    retention = new EventRetentionService(repo, OPTIONS);
    ingest = new IngestEventsUseCase(repo, OPTIONS);
    const [{ id }] = await q<{ id: string }>(
      `INSERT INTO registered_model (id, name, owner, card, created_by, created_at, updated_at)
       VALUES ($1, 'sepsis-risk', 'Dr. A. Rivera', '{}', 'admin', now(), now()) RETURNING id`,
      [randomUUID()],
    );
    await q(`INSERT INTO deployment_target (model_id, environment, site, version) VALUES ($1, 'shadow', 'site-a', 1)`, [
      id,
    ]);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('creates the partitions of today and the days ahead once, with several replicas at it together', async () => {
    expect(await partitions()).toEqual(['inference_event_default']);
    const replicas = [1, 2, 3].map(() => new EventRetentionService(repo, OPTIONS));
    const created = await Promise.all(replicas.map((r) => r.preparePartitions(NOW)));
    const days = [0, 1, 2, 3].map((d) => utcDay(daysAgo(-d)));
    const expected = days.map(eventDayPartitionName);
    expect(created.flat().sort()).toEqual(days.map((d) => d.toISOString().slice(0, 10)));
    expect(await partitions()).toEqual([...expected, 'inference_event_default'].sort());
    expect(await retention.preparePartitions(NOW)).toEqual([]);
    const [{ bound }] = await q<{ bound: string }>(
      `SELECT pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_class c WHERE c.relname = $1`,
      [expected[0]],
    );
    const today = utcDay(NOW).toISOString().slice(0, 10);
    expect(bound).toMatch(new RegExp(`FROM \\('${today} 00:00:00\\+00'\\) TO \\('`));
  });

  it('stores a batch spanning days once: each day in its partition, days without one in the default', async () => {
    expect(await repo.createEventDayPartition(utcDay(daysAgo(3)))).toBe(true);
    const receipt = await post([
      event('a-today', daysAgo(0, -1)),
      event('a-earlier', daysAgo(3)),
      event('a-old', daysAgo(10)),
    ]);
    expect(receipt).toEqual({ received: 3, stored: 3, duplicates: 0 });
    expect(await partitionOf('a-today')).toEqual([eventDayPartitionName(utcDay(NOW))]);
    expect(await partitionOf('a-earlier')).toEqual([eventDayPartitionName(utcDay(daysAgo(3)))]);
    expect(await partitionOf('a-old')).toEqual(['inference_event_default']);
    // Features survive COPY's escaping exactly (a backslash, a tab, a null).
    const [row] = await q<{ features: unknown }>(`SELECT features FROM inference_event WHERE event_id = 'a-old'`);
    expect(row.features).toEqual({ lactate: 2.1, ward: 'icu\\north', note: 'tab\there', missing: null });
    expect(await count('inference_event_key WHERE event_id LIKE $1', ['a-%'])).toBe(3);
  });

  it('never stores an id twice across partitions: a retried batch and a re-dated id are duplicates', async () => {
    const retry = await post([
      event('a-today', daysAgo(0, -1)),
      event('a-earlier', daysAgo(3)),
      event('a-old', daysAgo(10)),
    ]);
    expect(retry).toEqual({ received: 3, stored: 0, duplicates: 3 });
    // The same ids with times on other days (other partitions): still the same events, the first stays.
    const redated = await post([
      event('a-today', daysAgo(5), { score: 0.9 }),
      event('a-old', daysAgo(0, -2), { score: 0.9 }),
      event('b-new', daysAgo(2)),
      event('b-new', daysAgo(0, -3)),
    ]);
    expect(redated).toEqual({ received: 4, stored: 1, duplicates: 3 });
    expect(await count(`inference_event WHERE event_id IN ('a-today', 'a-old', 'b-new')`)).toBe(3);
    expect(await q(`SELECT DISTINCT score FROM inference_event WHERE event_id LIKE 'a-%'`)).toEqual([{ score: 0.42 }]);
    expect(await partitionOf('b-new')).toEqual(['inference_event_default']);
  });

  it('lets overlapping batches race without deadlock or double storage', async () => {
    const ids = Array.from({ length: 400 }, (_, i) => `c-${i}`);
    const batch = (order: string[]) => order.map((id, i) => event(id, daysAgo(i % 3, -1)));
    const shuffled = [...ids].reverse();
    const receipts = await Promise.all([
      post(batch(ids)),
      post(batch(shuffled)),
      post(batch(ids.slice(100, 300))),
      post(batch([...ids.slice(200), ...ids.slice(0, 200)])),
    ]);
    expect(receipts.reduce((n, r) => n + r.stored, 0)).toBe(400);
    expect(receipts.reduce((n, r) => n + r.duplicates, 0)).toBe(400 + 400 + 200 + 400 - 400);
    expect(await count(`inference_event WHERE event_id LIKE 'c-%'`)).toBe(400);
    expect(await count(`inference_event_key WHERE event_id LIKE 'c-%'`)).toBe(400);
  });

  it('moves a day out of the default partition when that day gets its partition later', async () => {
    await post([event('d-1', daysAgo(10, 2)), event('d-2', daysAgo(10, 5))]);
    const day = utcDay(daysAgo(10));
    expect(await repo.createEventDayPartition(day)).toBe(true);
    expect(await repo.createEventDayPartition(day)).toBe(false);
    const name = eventDayPartitionName(day);
    for (const id of ['a-old', 'd-1', 'd-2']) expect(await partitionOf(id)).toEqual([name]);
    // Attached, it has the parent's primary key and stream index like any other partition.
    const indexes = await q<{ def: string }>(`SELECT indexdef AS def FROM pg_indexes WHERE tablename = $1`, [name]);
    expect(indexes.map((i) => i.def.replace(/^.* USING /, '')).sort()).toEqual([
      'btree (event_id, event_time)',
      'btree (model_id, version, site, event_time)',
    ]);
    expect(
      await count(`inference_event_default WHERE event_time >= $1 AND event_time < $2`, [
        day,
        new Date(day.getTime() + DAY_MS),
      ]),
    ).toBe(0);
    // Still idempotent after the move.
    expect(await post([event('d-1', daysAgo(10, 2))])).toEqual({ received: 1, stored: 0, duplicates: 1 });
  });

  it('drops expired partitions whole, with their keys, outcomes and feedback, and old default rows', async () => {
    // Partitions for 40 and 31 days ago (expired at a 30-day retention), 29 days ago (kept); 45 days ago has none.
    for (const n of [40, 31, 29]) expect(await repo.createEventDayPartition(utcDay(daysAgo(n)))).toBe(true);
    const old = { e40: daysAgo(40), e31: daysAgo(31, 6), e29: daysAgo(29), e45: daysAgo(45), e30: daysAgo(30, 1) };
    // Stored directly: ingestion itself refuses events already older than the retention.
    const [{ id: modelId }] = await q<{ id: string }>(`SELECT id FROM registered_model`);
    const rows = Object.entries(old).map(([eventId, eventTime]) => ({
      eventId,
      modelId,
      version: 1,
      site: 'site-a',
      eventTime,
      features: { x: 1 },
      score: 0.5,
      alertShown: false,
      submittedBy: 'node-a',
    }));
    expect(await repo.insertEvents(rows)).toHaveLength(5);
    expect(await partitionOf('e45')).toEqual(['inference_event_default']);
    expect(await partitionOf('e30')).toEqual(['inference_event_default']);
    const linked = ['e40', 'e45', 'e29', 'a-today'];
    await repo.insertOutcomes(
      db.dataSource.manager,
      linked.map((eventId) => ({ eventId, label: 1, observedAt: NOW, submittedBy: 'node-a' })),
    );
    await repo.insertFeedback(
      db.dataSource.manager,
      linked.map((eventId) => ({ eventId, action: 'accepted', reason: null, submittedBy: 'node-a' })),
    );
    const eventsBefore = await count('inference_event');

    const deleted = await retention.sweep(NOW);

    // e40 and e31 went with their partitions, e45 from the default partition; e29 and e30 (less than 30 days
    // old... e30 is 30 days minus an hour old) stay, as does the partition the cutoff falls in.
    expect(deleted).toBe(3);
    expect(await count('inference_event')).toBe(eventsBefore - 3);
    for (const gone of ['e40', 'e31', 'e45']) {
      expect(await count('inference_event WHERE event_id = $1', [gone])).toBe(0);
      expect(await count('inference_event_key WHERE event_id = $1', [gone])).toBe(0);
    }
    expect(await count(`event_outcome WHERE event_id IN ('e40', 'e45')`)).toBe(0);
    expect(await count(`clinician_feedback WHERE event_id IN ('e40', 'e45')`)).toBe(0);
    expect(await count(`event_outcome WHERE event_id IN ('e29', 'a-today')`)).toBe(2);
    expect(await count(`clinician_feedback WHERE event_id IN ('e29', 'a-today')`)).toBe(2);
    const names = await partitions();
    expect(names).not.toContain(eventDayPartitionName(utcDay(daysAgo(40))));
    expect(names).not.toContain(eventDayPartitionName(utcDay(daysAgo(31))));
    expect(names).toContain(eventDayPartitionName(utcDay(daysAgo(29))));
    expect(await partitionOf('e30')).toEqual(['inference_event_default']);
    // A retry of a deleted event is refused (it is older than the retention), not taken for a new one.
    const refused = await post([event('e40', old.e40)]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({
      code: 'events_refused',
      errors: [{ field: 'events.0.time', message: 'time is older than the 30-day retention' }],
    });
    // A second round finds nothing more to do.
    expect(await retention.sweep(NOW)).toBe(0);
  });

  it('keeps existing events through the migration and gives them back on the way down', async () => {
    const fresh = await createTestDatabase({ migrate: false });
    try {
      const all = fresh.dataSource.options.migrations as (new () => MigrationInterface)[];
      const mine = all.findIndex((m) => m.name === 'EventPartitions1763860000000');
      expect(mine).toBeGreaterThan(0);
      const before = new DataSource({ ...fresh.dataSource.options, migrations: all.slice(0, mine) });
      await before.initialize();
      await before.runMigrations();
      const [{ id }] = await before.query(
        `INSERT INTO registered_model (id, name, owner, card, created_by, created_at, updated_at)
         VALUES ($1, 'm', 'o', '{}', 'a', now(), now()) RETURNING id`,
        [randomUUID()],
      );
      await before.query(
        `INSERT INTO inference_event (event_id, model_id, version, site, event_time, features, score, alert_shown, submitted_by)
         VALUES ('m-1', $1, 1, 's', '2026-03-01T23:30:00Z', '{"x": 1}', 0.5, false, 'n'),
                ('m-2', $1, 1, 's', '2026-03-02T00:30:00Z', '{"x": 2}', 0.5, true, 'n'),
                ('m-3', $1, 1, 's', '2026-03-02T10:00:00Z', '{"x": 3}', 0.5, true, 'n')`,
        [id],
      );
      await before.query(
        `INSERT INTO event_outcome (event_id, label, observed_at, submitted_by) VALUES ('m-2', 1, now(), 'n')`,
      );
      await before.destroy();

      await fresh.dataSource.runMigrations();
      const where = await fresh.dataSource.query(
        `SELECT event_id, tableoid::regclass::text AS p, features FROM inference_event ORDER BY 1`,
      );
      expect(where).toEqual([
        { event_id: 'm-1', p: 'inference_event_p20260301', features: { x: 1 } },
        { event_id: 'm-2', p: 'inference_event_p20260302', features: { x: 2 } },
        { event_id: 'm-3', p: 'inference_event_p20260302', features: { x: 3 } },
      ]);
      expect(await fresh.dataSource.query(`SELECT event_id, site FROM inference_event_key ORDER BY 1`)).toEqual([
        { event_id: 'm-1', site: 's' },
        { event_id: 'm-2', site: 's' },
        { event_id: 'm-3', site: 's' },
      ]);
      // Outcomes now hang off the key: deleting it takes the outcome along.
      await fresh.dataSource.query(`DELETE FROM inference_event_key WHERE event_id = 'm-2'`);
      expect(await fresh.dataSource.query(`SELECT event_id FROM event_outcome`)).toEqual([]);

      while (fresh.dataSource.migrations.length > 0) {
        const [last] = await fresh.dataSource.query(
          `SELECT name FROM schema_migration ORDER BY timestamp DESC LIMIT 1`,
        );
        if (last.name === all[mine - 1].name) break;
        await fresh.dataSource.undoLastMigration();
      }
      const shape = await fresh.dataSource.query(
        `SELECT c.relkind, (SELECT count(*)::int FROM pg_inherits i WHERE i.inhparent = c.oid) AS parts,
                to_regclass('inference_event_key') IS NULL AS no_keys
           FROM pg_class c WHERE c.relname = 'inference_event'`,
      );
      expect(shape).toEqual([{ relkind: 'r', parts: 0, no_keys: true }]);
      expect(await fresh.dataSource.query(`SELECT event_id FROM inference_event ORDER BY 1`)).toEqual([
        { event_id: 'm-1' },
        { event_id: 'm-2' },
        { event_id: 'm-3' },
      ]);
      await expect(
        fresh.dataSource.query(
          `INSERT INTO event_outcome (event_id, label, observed_at, submitted_by) VALUES ('zz', 1, now(), 'n')`,
        ),
      ).rejects.toThrow(/fk_event_outcome_event/);
    } finally {
      await fresh.drop();
    }
  });
});
