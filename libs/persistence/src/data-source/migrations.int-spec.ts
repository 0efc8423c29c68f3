import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { pendingSchemaChanges, runMigrations } from './run-migrations';

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('create exactly the schema the entities describe', async () => {
    const applied = await runMigrations(db.dataSource);
    expect(applied.length).toBeGreaterThan(0);
    expect(await pendingSchemaChanges(db.dataSource)).toEqual([]);
  });

  it('apply only once, even when several processes start together', async () => {
    const again = await Promise.all([runMigrations(db.dataSource), runMigrations(db.dataSource)]);
    expect(again).toEqual([[], []]);
  });

  it('can be undone and redone', async () => {
    const count = db.dataSource.migrations.length;
    for (let i = 0; i < count; i++) await db.dataSource.undoLastMigration();
    const tables = await db.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migration'`,
    );
    expect(tables).toEqual([]);
    await runMigrations(db.dataSource);
    expect(await pendingSchemaChanges(db.dataSource)).toEqual([]);
  });

  it('make the audit log append-only', async () => {
    await db.dataSource.query(
      `INSERT INTO audit_log (occurred_at, actor, action, entity_type, entity_id, hash) VALUES (now(), 'a', 'x', 't', '1', repeat('0', 64))`,
    );
    await expect(db.dataSource.query(`UPDATE audit_log SET actor = 'b'`)).rejects.toThrow(/append-only/);
    await expect(db.dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });
});
