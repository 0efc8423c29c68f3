import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresServer, findFreePort } from '@vigil/persistence';

/**
 * A new, empty database for one benchmark run: on the server of `serverUrl` when given (e.g. DATABASE_URL), else
 * on an embedded PostgreSQL of its own; dropped (and the embedded server stopped) by the registered cleanups.
 */
export async function freshDatabase(
  serverUrl: string | undefined,
  defer: (cleanup: () => Promise<void> | void) => void,
  prefix: string,
): Promise<{ url: string; description: string }> {
  let url = serverUrl;
  let description = 'given server';
  if (url === undefined) {
    const dir = await mkdtemp(join(tmpdir(), `vigil-bench-${prefix}-`));
    defer(() => rm(dir, { recursive: true, force: true }));
    const server = new EmbeddedPostgresServer({
      dataDir: join(dir, 'data'),
      port: await findFreePort(),
      password: randomBytes(12).toString('hex'),
      persistent: false,
    });
    await server.start();
    defer(() => server.stop());
    url = server.url;
    description = `embedded PostgreSQL in ${dir}`;
  }
  const name = `vigil_bench_${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const server = url;
  defer(async () => {
    const c = new Client({ connectionString: server });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  });
  const u = new URL(url);
  u.pathname = `/${name}`;
  return { url: u.toString(), description: `${description}, database ${name}` };
}
