// Starts one embedded PostgreSQL for the integration specs unless DATABASE_URL points at a running server.
// Each suite then creates its own database on it (see @vigil/persistence/testing).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Jest loads global setup without the path aliases, so it reaches the helper by path.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { EmbeddedPostgresServer } from '../../libs/persistence/src/embedded/embedded-postgres-server';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { findFreePort } from '../../libs/persistence/src/embedded/find-free-port';

declare global {
  var __vigilTestPostgres: EmbeddedPostgresServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.VIGIL_TEST_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  const server = new EmbeddedPostgresServer({
    dataDir: join(mkdtempSync(join(tmpdir(), 'vigil-test-pg-')), 'data'),
    port: await findFreePort(),
    password: 'vigil-test',
    persistent: false,
  });
  await server.start();
  globalThis.__vigilTestPostgres = server;
  process.env.VIGIL_TEST_DATABASE_URL = server.url;
}
