// CI's migration drift check: run every migration on an empty database, ask TypeORM what the entities
// still need, and fail if anything comes out. Uses DATABASE_URL's server (in a new database) when set,
// else an embedded PostgreSQL in a temporary folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  EmbeddedPostgresServer,
  createDataSource,
  findFreePort,
  pendingSchemaChanges,
  runMigrations,
} from '@vigil/persistence';

async function main(): Promise<number> {
  let server: EmbeddedPostgresServer | undefined;
  let dir: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    dir = mkdtempSync(join(tmpdir(), 'vigil-migration-check-'));
    server = new EmbeddedPostgresServer({
      dataDir: join(dir, 'data'),
      port: await findFreePort(),
      password: 'check',
      persistent: false,
    });
    await server.start();
    serverUrl = server.url;
  }
  const database = `vigil_migration_check_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
  await admin.query(`CREATE DATABASE "${database}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const ds = createDataSource({ url: url.toString() });
  try {
    await ds.initialize();
    const applied = await runMigrations(ds);
    const pending = await pendingSchemaChanges(ds);
    process.stdout.write(`migration check: applied ${applied.length} migration(s) to an empty database\n`);
    if (pending.length > 0) {
      process.stdout.write('migration check FAILED: the entities need SQL that no migration runs:\n');
      for (const q of pending) process.stdout.write(`  ${q};\n`);
      return 1;
    }
    process.stdout.write('migration check: entities and migrations agree\n');
    return 0;
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
    await admin.end();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`migration check could not run: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(3);
  },
);
