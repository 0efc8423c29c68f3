import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AuditLogReader, AuditLogRepository } from '@vigil/persistence';
import { createTestDatabase, type TestDatabase } from '@vigil/persistence/testing';
import { VerifyAuditTrailUseCase } from './verify-audit-trail.use-case';

// The split walk runs the compiled worker from dist/ (`npm test` builds before running Jest).
const WORKER = join(resolve(__dirname, '../../../..'), 'dist/libs/governance/src/audit/verify-range.worker.js');
// Enough entries that ids change digit count past the seam (61 … 120): ids compare as numbers, not text.
const ENTRIES = 120;

async function chainOf(n: number): Promise<TestDatabase> {
  const db = await createTestDatabase();
  const audit = new AuditLogRepository(db.dataSource);
  for (let i = 1; i <= n; i++) {
    await db.dataSource.transaction((em) =>
      audit.append(em, {
        actor: 'tester',
        actorRole: 'admin',
        action: 'test.event',
        entityType: 'test',
        entityId: String(i),
        before: i > 1 ? { n: i - 1 } : null,
        after: { n: i, nested: { b: [1, 2], a: 'x' } },
        requestId: null,
      }),
    );
  }
  return db;
}

async function tamper(db: TestDatabase, sql: string): Promise<void> {
  await db.dataSource.query('ALTER TABLE audit_log DISABLE TRIGGER tr_audit_log_append_only');
  await db.dataSource.query(sql);
  await db.dataSource.query('ALTER TABLE audit_log ENABLE TRIGGER tr_audit_log_append_only');
}

const verifier = (db: TestDatabase) =>
  new VerifyAuditTrailUseCase(new AuditLogReader(db.dataSource), db.dataSource, {
    workerScript: WORKER,
    splitAboveId: 10,
  });

describe('audit verification split over two threads', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it('has the compiled worker to run', () => {
    expect(existsSync(WORKER)).toBe(true);
  });

  it('checks every entry of an intact chain, in two threads', async () => {
    const db = await chainOf(ENTRIES);
    dbs.push(db);
    const result = await verifier(db).execute();
    expect(result).toMatchObject({ ok: true, entriesChecked: ENTRIES, threads: 2, lastId: String(ENTRIES) });
  });

  it('finds an edit in the half the worker walks', async () => {
    const db = await chainOf(ENTRIES);
    dbs.push(db);
    await tamper(db, `UPDATE audit_log SET actor = 'mallory' WHERE id = 105`);
    expect(await verifier(db).execute()).toMatchObject({
      ok: false,
      firstBrokenId: '105',
      reason: 'content_mismatch',
      threads: 2,
    });
  });

  it('reports the earliest break when both halves are broken', async () => {
    const db = await chainOf(ENTRIES);
    dbs.push(db);
    await tamper(db, `UPDATE audit_log SET after = '{"n": 0}' WHERE id IN (12, 100)`);
    expect(await verifier(db).execute()).toMatchObject({ ok: false, firstBrokenId: '12', reason: 'content_mismatch' });
  });

  it('catches a removed entry exactly at the seam', async () => {
    const db = await chainOf(ENTRIES);
    dbs.push(db);
    await tamper(db, `DELETE FROM audit_log WHERE id = 61`);
    expect(await verifier(db).execute()).toMatchObject({
      ok: false,
      firstBrokenId: '62',
      reason: 'link_mismatch',
      detail: expect.stringContaining('#60') as unknown,
    });
  });
});
