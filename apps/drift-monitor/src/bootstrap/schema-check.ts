import { MIGRATIONS } from '@vigil/migrations';
import type { DataSource } from 'typeorm';

/** Raised when the database is not (yet) at the schema this build of the monitor was written against. */
export class SchemaBehindError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaBehindError';
  }
}

/** TypeORM records a migration under its `name`, or its class name when it has none. */
function migrationName(migration: new () => object): string {
  const instance = new migration() as { name?: string };
  return instance.name ?? migration.name;
}

/**
 * The drift monitor never migrates: the registry owns the schema and applies migrations at its start. This
 * refuses to start against a database that lacks a migration this build knows, rather than failing later on a
 * missing table or column in the middle of ingestion. A database ahead of this build (a newer registry) is fine.
 */
export async function assertSchemaCurrent(dataSource: DataSource): Promise<void> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  let applied: Set<string>;
  try {
    const rows: { name: string }[] = await dataSource.query(`SELECT name FROM "${table}"`);
    applied = new Set(rows.map((r) => r.name));
  } catch (e) {
    if (
      (e as { code?: string }).code !== '42P01' &&
      (e as { driverError?: { code?: string } }).driverError?.code !== '42P01'
    )
      throw e;
    throw new SchemaBehindError(
      'The database has no Vigil schema yet. Start the registry against it first (it applies the migrations), ' +
        'then the drift monitor.',
    );
  }
  const missing = MIGRATIONS.map(migrationName).filter((name) => !applied.has(name));
  if (missing.length > 0) {
    throw new SchemaBehindError(
      `The database schema is older than this drift monitor: ${missing.length} migration(s) not applied ` +
        `(${missing.join(', ')}). Upgrade and start the registry first (it applies migrations), then the drift monitor.`,
    );
  }
}
