import type { DataSource } from 'typeorm';

/** Arbitrary but fixed: every Vigil process that migrates takes this PostgreSQL advisory lock first. */
const MIGRATION_LOCK_KEY = 7_316_041_001;

/**
 * Applies pending migrations under an advisory lock, so several replicas starting at once migrate the
 * database exactly once. Returns the names of the migrations it applied.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/** SQL the entities would need that the migrations did not create: empty when they agree. */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}
