import { DataSource } from 'typeorm';
import { MIGRATIONS } from '@vigil/migrations';
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

describe('the governance migration', () => {
  it('turns every existing API token into a service account of the same name and role', async () => {
    const db = await createTestDatabase({ migrate: false });
    try {
      const first = new DataSource({ ...db.dataSource.options, migrations: [MIGRATIONS[0]] });
      await first.initialize();
      await first.runMigrations();
      await first.query(
        `INSERT INTO api_token (id, name, role, token_hash, token_prefix, created_by, created_at)
         VALUES ('00000000-0000-4000-8000-000000000001', 'ci-bot', 'deployer', repeat('a', 64), 'vgl_abcd', 'admin', now())`,
      );
      await first.destroy();
      await runMigrations(db.dataSource);
      const rows = await db.dataSource.query(
        `SELECT p.kind, p.name, p.role FROM api_token t JOIN principal p ON p.id = t.principal_id WHERE t.name = 'ci-bot'`,
      );
      expect(rows).toEqual([{ kind: 'service', name: 'ci-bot', role: 'deployer' }]);
      expect(await pendingSchemaChanges(db.dataSource)).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});
