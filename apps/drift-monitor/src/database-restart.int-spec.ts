import { setTimeout as sleep } from 'node:timers/promises';
import { TcpOutageProxy } from '@vigil/persistence/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startTestControlPlane, type TestControlPlane } from '../../registry/src/testing/test-control-plane';
import { deployForIngestion } from './testing/registry-setup';
import { RetryingIngestClient } from './testing/retrying-ingest-client';
import { startTestDriftMonitor, type TestDriftMonitor } from './testing/test-drift-monitor';

interface Receipt {
  received: number;
  stored: number;
  duplicates: number;
}

const SITES = ['site-a', 'site-b'];

function batch(ids: string[]) {
  const time = new Date(Date.now() - 60_000).toISOString();
  return {
    events: ids.map((eventId, i) => ({
      eventId,
      model: 'sepsis-risk',
      version: 1,
      site: SITES[i % SITES.length],
      time,
      features: { lactate: 1 + (i % 7) / 3, heart_rate: 60 + (i % 50), ward: i % 3 === 0 ? 'icu' : 'ed' },
      score: (i % 100) / 100,
      alertShown: i % 9 === 0,
    })),
  };
}

/** Ids `${prefix}-${from}` … `${prefix}-${to - 1}` in batches of `size`. */
function batches(prefix: string, from: number, to: number, size: number): string[][] {
  const out: string[][] = [];
  for (let start = from; start < to; start += size) {
    out.push(Array.from({ length: Math.min(size, to - start) }, (_, i) => `${prefix}-${start + i}`));
  }
  return out;
}

// The registry sets up models and deployments directly on the test database; the drift monitor reaches the same
// database through a loopback proxy that can drop every connection and refuse new ones, which is what a monitor
// sees while PostgreSQL restarts (or fails over).
describe('drift monitor ingestion while PostgreSQL restarts, and with several replicas', () => {
  let proxy: TcpOutageProxy;
  let t: TestControlPlane;
  let m: TestDriftMonitor;
  let node: string;
  const rows = (sql: string, params: unknown[] = []) => t.db.dataSource.query<Record<string, unknown>[]>(sql, params);

  beforeAll(async () => {
    t = await startTestControlPlane();
    ({ node } = await deployForIngestion(t, { sites: SITES }));
    const direct = new URL(t.db.url);
    proxy = new TcpOutageProxy(direct.hostname, Number(direct.port || 5432));
    const viaProxy = new URL(t.db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(await proxy.start());
    // Token cache off: during the outage every request needs the database, as the first request of a new
    // token would.
    // Logs at fatal only: the outage would otherwise print two lines per refused request.
    m = await startTestDriftMonitor(viaProxy.toString(), {
      env: { VIGIL_TOKEN_CACHE_MS: '0', VIGIL_LOG_LEVEL: 'fatal' },
    });
  });
  afterAll(async () => {
    await proxy?.restore();
    await m?.stop();
    await t?.stop();
    await proxy?.cut();
  });

  it('answers 503 problem+json with Retry-After during the outage; afterwards every acknowledged event is stored exactly once', async () => {
    const client = new RetryingIngestClient(m.url, node, { maxRetryDelayMs: 200 });
    const posted = new Set<string>();
    const acknowledged = new Set<string>();
    const receipts: Receipt[] = [];
    let next = 0;
    let stop = false;
    let ackedAfterRestore = 0;
    let restored = false;

    // Two senders, each posting its next batch once the previous one is acknowledged (as a node with two
    // connections would), retrying through the outage.
    const sender = async () => {
      while (!stop) {
        const ids = Array.from({ length: 100 }, (_, i) => `r-${next + i}`);
        next += 100;
        for (const id of ids) posted.add(id);
        const receipt = await client.post<Receipt>('/api/v1/events', batch(ids));
        expect(receipt.received).toBe(ids.length);
        expect(receipt.stored + receipt.duplicates).toBe(ids.length);
        receipts.push(receipt);
        for (const id of ids) acknowledged.add(id);
        if (restored) ackedAfterRestore += 1;
      }
    };
    const senders = [sender(), sender()];
    const waitFor = async (what: string, done: () => boolean) => {
      const deadline = Date.now() + 30_000;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await sleep(20);
      }
    };

    await waitFor('batches before the outage', () => receipts.length >= 5);
    const beforeOutage = acknowledged.size;
    await proxy.cut();
    await sleep(3000);
    const ackedDuringOutage = acknowledged.size - beforeOutage;
    await proxy.restore();
    restored = true;
    await waitFor('batches after the restart', () => ackedAfterRestore >= 10);
    stop = true;
    await Promise.all(senders);

    // The client was told to come back later, in the documented way.
    expect(client.retried.length).toBeGreaterThan(0);
    for (const answer of client.retried) {
      expect(answer).toEqual({
        status: 503,
        contentType: expect.stringMatching(/application\/problem\+json/),
        retryAfter: '5',
        code: 'database_unavailable',
      });
    }
    // Nothing could be acknowledged while the database was away (at most a batch already in its last step).
    expect(ackedDuringOutage).toBeLessThanOrEqual(200);

    // Every acknowledged event is there exactly once, and so is every event posted (each batch ended acknowledged).
    expect(acknowledged.size).toBe(posted.size);
    const [stats] = await rows(
      `SELECT count(*)::int AS total, count(DISTINCT event_id)::int AS distinct_ids,
              count(*) FILTER (WHERE event_id = ANY($1::varchar[]))::int AS acknowledged
         FROM inference_event WHERE event_id LIKE 'r-%'`,
      [[...acknowledged]],
    );
    expect(stats).toEqual({ total: posted.size, distinct_ids: posted.size, acknowledged: acknowledged.size });
    // Receipts never claimed more than was stored; a batch whose commit outran its answer came back as duplicates.
    const storedClaimed = receipts.reduce((n, r) => n + r.stored, 0);
    expect(storedClaimed).toBeLessThanOrEqual(posted.size);
    expect(storedClaimed + receipts.reduce((n, r) => n + r.duplicates, 0)).toBe(posted.size);

    expect((await m.api('GET', '/readyz', { token: null })).status).toBe(200);
  });

  it('lets two monitor replicas ingest the same events at once: each event is stored once and counted stored once', async () => {
    // A second replica, straight on the database (the first still goes through the proxy, now restored).
    const m2 = await startTestDriftMonitor(t.db.url);
    try {
      // Each replica counts what it stored; together, each event once.
      const counted = async (mon: TestDriftMonitor) => {
        const text = (await mon.api('GET', '/metrics', { token: null })).body as string;
        return [...text.matchAll(/^vigil_events_ingested_total\{[^}]*kind="events"[^}]*\} (\d+)$/gm)].reduce(
          (n, match) => n + Number(match[1]),
          0,
        );
      };
      const countedBefore = await counted(m);
      // Overlapping ranges, sent in the same order by both, as retries of one node's batches through a load
      // balancer are: c-2000…c-3999 go to both replicas at the same moment.
      const a = batches('c', 2000, 4000, 250).concat(batches('c', 0, 2000, 250));
      const b = batches('c', 2000, 4000, 250).concat(batches('c', 4000, 6000, 250));
      const run = async (url: string, list: string[][]) => {
        const client = new RetryingIngestClient(url, node, { maxRetryDelayMs: 200 });
        let stored = 0;
        // Two connections per replica.
        const queue = [...list];
        await Promise.all(
          [0, 1].map(async () => {
            for (let ids = queue.shift(); ids; ids = queue.shift()) {
              const receipt = await client.post<Receipt>('/api/v1/events', batch(ids));
              stored += receipt.stored;
            }
          }),
        );
        return stored;
      };
      const [storedA, storedB] = await Promise.all([run(m.url, a), run(m2.url, b)]);
      expect(storedA + storedB).toBe(6000);
      const [stats] = await rows(
        `SELECT count(*)::int AS total, count(DISTINCT event_id)::int AS distinct_ids FROM inference_event
          WHERE event_id LIKE 'c-%'`,
      );
      expect(stats).toEqual({ total: 6000, distinct_ids: 6000 });
      // The first replica's counter already holds what it stored in the previous test (not the number of r-* rows:
      // a batch whose commit outran its answer was stored but came back as duplicates on the retry).
      expect((await counted(m)) - countedBefore + (await counted(m2))).toBe(6000);
    } finally {
      await m2.stop();
    }
  });
});
