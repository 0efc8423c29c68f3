import { MIGRATIONS } from '@vigil/migrations';
import { createTestDatabase, type TestDatabase } from '@vigil/persistence/testing';
import { DriftMonitorEnv, loadConfig } from '@vigil/platform';
import { startDriftMonitor } from './drift-monitor';
import { SchemaBehindError } from './schema-check';

describe('drift monitor start: the schema is the registry’s', () => {
  const dbs: TestDatabase[] = [];
  const env = (url: string) => loadConfig(DriftMonitorEnv, { DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1' });
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it('refuses an empty database, saying the registry must migrate it first', async () => {
    const db = await createTestDatabase({ migrate: false });
    dbs.push(db);
    const start = startDriftMonitor(env(db.url), { quiet: true });
    await expect(start).rejects.toBeInstanceOf(SchemaBehindError);
    await expect(start).rejects.toThrow(/no Vigil schema yet.*Start the registry/s);
    // It never migrates: still no tables.
    const [{ n }] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(n).toBe(0);
  });

  it('refuses a database missing the newest migration it knows, naming it', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    const newest = new MIGRATIONS[MIGRATIONS.length - 1]() as { name?: string };
    await db.dataSource.query(`DELETE FROM schema_migration WHERE name = $1`, [newest.name]);
    await expect(startDriftMonitor(env(db.url), { quiet: true })).rejects.toThrow(
      new RegExp(`1 migration\\(s\\) not applied \\(${newest.name}\\).*registry first`, 's'),
    );
  });

  it('starts on a migrated database, and on one ahead of it (a newer registry)', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    await db.dataSource.query(
      `INSERT INTO schema_migration (timestamp, name) VALUES (9999999999999, 'Future9999999999999')`,
    );
    const monitor = await startDriftMonitor(env(db.url), { quiet: true, retentionSweepIntervalMs: 0 });
    try {
      expect((await fetch(`${monitor.url}/readyz`)).status).toBe(200);
    } finally {
      await monitor.close();
    }
  });

  it('names the database it cannot reach without its password', async () => {
    await expect(
      startDriftMonitor(env('postgres://vigil:s3cret-pw@127.0.0.1:1/vigil'), { quiet: true }),
    ).rejects.toThrow(/Could not reach PostgreSQL at postgres:\/\/vigil:\*\*\*@127\.0\.0\.1:1\/vigil/);
    await expect(
      startDriftMonitor(env('postgres://vigil:s3cret-pw@127.0.0.1:1/vigil'), { quiet: true }),
    ).rejects.not.toThrow(/s3cret-pw/);
  });
});
