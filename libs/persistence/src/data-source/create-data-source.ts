import { DataSource } from 'typeorm';
import { MIGRATIONS } from '@vigil/migrations';
import { ENTITIES } from '../entities';

export interface DatabaseOptions {
  url: string;
  /** Connection pool size per process. */
  poolSize?: number;
  /** How long a query may run before PostgreSQL cancels it. */
  statementTimeoutMs?: number;
  /** How long to wait for a connection before failing the request (so a dead database answers fast). */
  connectTimeoutMs?: number;
  applicationName?: string;
}

/**
 * The one DataSource used by the apps, the migration runner and the tests. `synchronize` is off: the
 * schema comes only from the migrations in /migrations.
 */
export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: options.applicationName ?? 'vigil',
    poolSize: options.poolSize ?? 10,
    connectTimeoutMS: options.connectTimeoutMs ?? 5000,
    extra: {
      statement_timeout: options.statementTimeoutMs ?? 30000,
      // A pooled client whose server went away is dropped, so the next request gets a fresh connection.
      idleTimeoutMillis: 30000,
    },
  });
}
