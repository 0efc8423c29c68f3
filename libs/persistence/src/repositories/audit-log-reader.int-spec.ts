import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import type { AuditLogEntryEntity } from '../entities/audit-log-entry.entity';
import { type AuditChainRow, AuditLogReader } from './audit-log-reader';
import { type AuditEntryInput, AuditLogRepository } from './audit-log.repository';

function entry(entityType: string, entityId: string, after: Record<string, unknown>): AuditEntryInput {
  return {
    actor: 'ci-bot',
    actorRole: 'submitter',
    action: `${entityType}.updated`,
    entityType,
    entityId,
    before: null,
    after,
    requestId: 'req-1',
  };
}

async function collect(rows: AsyncIterable<AuditChainRow>): Promise<AuditChainRow[]> {
  const out: AuditChainRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe('AuditLogReader (real PostgreSQL)', () => {
  let db: TestDatabase;
  let reader: AuditLogReader;
  let writer: AuditLogRepository;
  const fillers: AuditLogEntryEntity[] = [];
  const append = (e: AuditEntryInput) => db.dataSource.transaction((em) => writer.append(em, e));

  beforeAll(async () => {
    db = await createTestDatabase();
    reader = new AuditLogReader(db.dataSource);
    writer = new AuditLogRepository(db.dataSource);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('streams nothing from an empty log', async () => {
    expect(await reader.newestId()).toBeNull();
    expect(await collect(reader.streamChain({ pageSize: 2 }))).toEqual([]);
  });

  it('streams every row in id order across pages, with the instant at full stored precision', async () => {
    // Enough rows for two-digit ids, which sort differently as numbers and as text.
    for (let i = 0; i < 8; i += 1) fillers.push(await append(entry('filler', String(i), {})));
    const written = [...fillers];
    for (const [type, id] of [
      ['model', 'a_b'],
      ['model_version', 'a_b@1'],
      ['model', 'axb'],
      ['model_version', 'axb@1'],
      ['token', '6f1c'],
    ]) {
      written.push(await append(entry(type, id, { z: 1, a: { y: [1, 'two', null], b: true }, rowVersion: 1 })));
    }
    const rows = await collect(reader.streamChain({ pageSize: 2 }));
    expect(rows.map((r) => r.id)).toEqual(written.map((w) => w.id));
    expect(rows.map((r) => r.occurredAt)).toEqual(written.map((w) => w.occurredAt.toISOString().replace('Z', '000Z')));
    expect(rows[8]).toMatchObject({
      actor: 'ci-bot',
      actorRole: 'submitter',
      entityType: 'model',
      entityId: 'a_b',
      before: null,
      after: { z: 1, a: { y: [1, 'two', null], b: true }, rowVersion: 1 },
      requestId: 'req-1',
      prevHash: written[7].hash,
      hash: written[8].hash,
    });
    expect(rows[0].prevHash).toBeNull();
    expect(rows.slice(1).map((r) => r.prevHash)).toEqual(rows.slice(0, -1).map((r) => r.hash));
  });

  it('ends at the newest row present when the walk began, even while appends continue', async () => {
    const before = await collect(reader.streamChain());
    const walk = reader.streamChain({ pageSize: 2 });
    const first = await walk.next();
    expect(first.done).toBe(false);
    await append(entry('model', 'late', {}));
    const rest = [];
    for await (const row of walk) rest.push(row);
    expect(rest.length + 1).toBe(before.length);
  });

  it('pages a filtered listing newest or oldest first', async () => {
    const newest = await reader.listPage({ order: 'newest', limit: 3 });
    const oldest = await reader.listPage({ order: 'oldest', limit: 3, afterId: fillers[7].id });
    expect(newest.map((e) => e.entityId)).toEqual(['late', '6f1c', 'axb@1']);
    expect(oldest.map((e) => e.entityId)).toEqual(['a_b', 'a_b@1', 'axb']);
    const next = await reader.listPage({ order: 'oldest', limit: 3, afterId: oldest[2].id });
    expect(next.map((e) => e.entityId)).toEqual(['axb@1', '6f1c', 'late']);
    expect(next[0].occurredAt).toBeInstanceOf(Date);
  });

  it('filters by model, taking "_" in a name literally', async () => {
    const ab = await reader.listPage({ model: 'a_b', order: 'oldest', limit: 10 });
    expect(ab.map((e) => e.entityId)).toEqual(['a_b', 'a_b@1']);
    const axb = await reader.listPage({ model: 'axb', order: 'oldest', limit: 10 });
    expect(axb.map((e) => e.entityId)).toEqual(['axb', 'axb@1']);
    const versionsOnly = await reader.listPage({
      model: 'axb',
      entityType: 'model_version',
      order: 'oldest',
      limit: 10,
    });
    expect(versionsOnly.map((e) => e.entityId)).toEqual(['axb@1']);
    const token = await reader.listPage({ entityType: 'token', entityId: '6f1c', order: 'newest', limit: 10 });
    expect(token.map((e) => e.action)).toEqual(['token.updated']);
  });
});
