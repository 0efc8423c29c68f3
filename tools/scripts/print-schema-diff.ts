// Prints the SQL the entities need beyond what the migrations create. Used to write a new migration
// (`node dist/tools/scripts/print-schema-diff.js`) and, through `migration-check`, by CI.
import { createDataSource, pendingSchemaChanges, runMigrations } from '@vigil/persistence';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to an empty database.');
  const ds = createDataSource({ url });
  await ds.initialize();
  try {
    await runMigrations(ds);
    for (const q of await pendingSchemaChanges(ds)) process.stdout.write(`${q};\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
