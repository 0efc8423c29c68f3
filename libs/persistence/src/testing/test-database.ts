import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source/create-data-source';
import { runMigrations } from '../data-source/run-migrations';

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

/** The server the integration specs use: DATABASE_URL, or the embedded one Jest's global setup started. */
export function testServerUrl(): string {
  const url = process.env.VIGIL_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('No test PostgreSQL: run through `npm test` (it starts one) or set DATABASE_URL.');
  return url;
}

function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh, migrated database of its own for one suite, on the shared test server. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  const name = `vigil_t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  const dataSource = createDataSource({ url, poolSize: 5 });
  await dataSource.initialize();
  if (options.migrate ?? true) await runMigrations(dataSource);
  return {
    url,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
