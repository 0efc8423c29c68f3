// Verifies the upper part of the audit chain in a worker thread, so a long walk uses both cores: the main
// thread walks the lower part meanwhile, and the seam between the two is checked there.
import { parentPort, workerData } from 'node:worker_threads';
import { verifyAuditChain } from '@vigil/domain';
import { AuditLogReader } from '@vigil/persistence';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { auditRowHash } from './audit-chain-row-hash';

export interface VerifyRangeInput {
  databaseUrl: string;
  afterId: string;
  upToId: string;
}

async function run(input: VerifyRangeInput) {
  const client = new Client({ connectionString: input.databaseUrl, application_name: 'vigil-audit-verify' });
  await client.connect();
  try {
    // The reader only needs `query`; a plain client keeps TypeORM out of the worker.
    const db = {
      query: async (sql: string, params: unknown[]): Promise<unknown[]> =>
        (await client.query<Record<string, unknown>>(sql, params)).rows,
    } as unknown as DataSource;
    const reader = new AuditLogReader(db);
    const first = await reader.prevHashAfter(input.afterId, input.upToId);
    if (!first) return { empty: true as const };
    const check = await verifyAuditChain(
      reader.streamChain({ afterId: input.afterId, upToId: input.upToId }),
      (_prevHash, row) => auditRowHash(row),
      { startAfterHash: first.prevHash },
    );
    return { empty: false as const, firstId: first.id, firstPrevHash: first.prevHash, check };
  } finally {
    await client.end();
  }
}

if (parentPort) {
  run(workerData as VerifyRangeInput).then(
    (result) => parentPort!.postMessage({ result }),
    (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
}
