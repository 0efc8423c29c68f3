// `vigil audit verify` over a large audit log: the chain walk (keyset-paged reads, every hash recomputed) against
// a baseline in the same run, the same rows streamed through the same reader without hashing, which is the
// least any verification must cost. Goals: 1,000,000 entries verified in < 10 s, with memory that does not grow
// with the log (peak RSS verifying all entries within 25% of the peak verifying the first tenth of them).
// The database is filled by this process; every measured walk runs in a fresh child process of its own, so its
// peak RSS is that walk's alone (not the fill's, nor what an earlier walk left on the heap).
import { fork } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { verifyAuditChain } from '@vigil/domain';
import { VerifyAuditTrailUseCase, auditRowHash } from '@vigil/governance';
import {
  type AuditEntryInput,
  AuditLogReader,
  auditEntryHash,
  createDataSource,
  runMigrations,
} from '@vigil/persistence';
import type { DataSource } from 'typeorm';
import { runBenchmark } from './support/bench-harness';
import { freshDatabase } from './support/fresh-database';
import { backgroundLoadPctOfCore, readVmBytes, resetPeakRss } from './support/proc-stats';
import { fixed, heading, median, mib, note, printResultLine, printTable, round, verdict } from './support/report';

const GOAL_SECONDS = 10;
/** Peak RSS over all entries / peak RSS over the first tenth: 10x the entries, (nearly) the same memory. */
const GOAL_RSS_GROWTH = 1.25;
const DEFAULT_ENTRIES = 1_000_000;
const DEFAULT_BATCH = 10_000;
const CHILD_FLAG = '--measure-child';
// Other processes' CPU (in % of one core) above which the figures are flagged as taken on a busy machine.
const NOISY_PCT_OF_CORE = 15;
// RSS is also sampled on a timer, to show its course during a walk, not just the peak.
const RSS_SAMPLE_MS = 100;

type Walk = 'scan' | 'verify' | 'verify-tenth';

interface WalkFigures {
  walk: Walk;
  round: number;
  entries: number;
  ms: number;
  /** RSS of the child once connected, before the walk. */
  idleRssBytes: number;
  /** Kernel high-water mark of the child's RSS from then to the end of the walk (VmHWM after a reset). */
  peakRssBytes: number | null;
  /** RSS sampled at about 10%, 50% and 90% of the walk's duration. */
  rssCourse: number[];
  ok?: boolean;
}

interface ChildRequest {
  url: string;
  walk: Walk;
  round: number;
  /** For `verify-tenth`: the last id of the first tenth of the entries (ids start at 1 in the fresh database). */
  upToId?: string;
}

type ChildMessage = { kind: 'walk'; figures: WalkFigures } | { kind: 'error'; message: string };

if (process.argv.includes(CHILD_FLAG)) {
  process.once('message', (request: ChildRequest) => {
    measureWalk(request).then(
      (figures) => process.send?.({ kind: 'walk', figures } satisfies ChildMessage, () => process.exit(0)),
      (e: unknown) =>
        process.send?.(
          { kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies ChildMessage,
          () => process.exit(1),
        ),
    );
  });
} else {
  runBenchmark('audit-verify', 20 * 60_000, async ({ defer, args, signal }) => {
    const entries = Number(args.get('entries') ?? DEFAULT_ENTRIES);
    const batch = Number(args.get('batch') ?? DEFAULT_BATCH);
    const rounds = Number(args.get('rounds') ?? 3);

    heading(
      `audit-verify: ${entries.toLocaleString('en')} chained audit entries, ${rounds} rounds of scan, verify and verify of the first tenth`,
    );
    note(`machine: ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}, ${mib(totalmem())} RAM, Node ${process.version}`);
    const backgroundPct = await backgroundLoadPctOfCore();
    note(`background load before start: ${fixed(backgroundPct, 0)}% of one core (other processes)`);

    // Like the migration check: DATABASE_URL's server when set (a new database on it), else embedded.
    const database = await freshDatabase(args.get('database-url') ?? process.env.DATABASE_URL, defer, 'audit');
    note(`database: ${database.description}`);
    const ds = createDataSource({ url: database.url, poolSize: 2, statementTimeoutMs: 120_000 });
    await ds.initialize();
    defer(() => (ds.isInitialized ? ds.destroy() : undefined));
    await runMigrations(ds);

    heading('fill');
    const fillStarted = performance.now();
    const head = await fill(ds, entries, batch, signal);
    // Statistics and the visibility map as a database that has been running a while would have them.
    await ds.query('VACUUM ANALYZE audit_log');
    const fillS = (performance.now() - fillStarted) / 1000;
    const [{ size }] = await ds.query<{ size: string }[]>(
      "SELECT pg_total_relation_size('audit_log')::bigint::text AS size",
    );
    note(
      `wrote ${entries.toLocaleString('en')} entries in ${fixed(fillS, 1)} s (${fixed(entries / fillS, 0)} rows/s); ` +
        `audit_log with its indexes: ${mib(Number(size))}; head hash ${head.slice(0, 16)}…`,
    );
    await ds.destroy();

    heading('walks (each in a fresh process; an unmeasured scan first warms the database cache)');
    const tenth = Math.floor(entries / 10);
    await walkInChild({ url: database.url, walk: 'scan', round: 0 }, signal);
    const figures: WalkFigures[] = [];
    for (let r = 1; r <= rounds; r += 1) {
      for (const walk of ['scan', 'verify', 'verify-tenth'] as const) {
        const upToId = walk === 'verify-tenth' ? String(tenth) : undefined;
        const f = await walkInChild({ url: database.url, walk, round: r, upToId }, signal);
        note(`  ${f.walk} round ${f.round}: ${fixed(f.ms / 1000, 2)} s, peak RSS ${mib(f.peakRssBytes)}`);
        const expected = walk === 'verify-tenth' ? tenth : entries;
        if (f.entries !== expected) throw new Error(`${f.walk} round ${f.round} read ${f.entries} entries`);
        if (walk !== 'scan' && !f.ok) throw new Error(`${f.walk} round ${f.round} reported a broken chain`);
        figures.push(f);
      }
    }
    const idleRssBytes = median(figures.map((f) => f.idleRssBytes));
    const backgroundAfterPct = await backgroundLoadPctOfCore();
    printTable([
      ['walk', 'round', 'entries', 'seconds', 'entries/s', 'RSS idle', 'RSS ~10/50/90%', 'peak RSS'],
      ...figures.map((f) => [
        f.walk,
        String(f.round),
        String(f.entries),
        fixed(f.ms / 1000, 2),
        fixed(f.entries / (f.ms / 1000), 0),
        mib(f.idleRssBytes),
        f.rssCourse.map((b) => fixed(b / 2 ** 20, 0)).join(' / ') + ' MiB',
        mib(f.peakRssBytes),
      ]),
    ]);

    const of = (walk: Walk) => figures.filter((f) => f.walk === walk);
    const scanS = median(of('scan').map((f) => f.ms)) / 1000;
    const verifyS = median(of('verify').map((f) => f.ms)) / 1000;
    // Medians: a peak depends on when the garbage collector happened to run.
    const verifyPeak = median(of('verify').map((f) => f.peakRssBytes ?? 0));
    const tenthPeak = median(of('verify-tenth').map((f) => f.peakRssBytes ?? 0));
    const scanPeak = median(of('scan').map((f) => f.peakRssBytes ?? 0));
    const ratio = verifyS / scanS;
    const rssGrowth = verifyPeak / tenthPeak;

    heading('verify / scan (medians, same run, same reader)');
    printTable([
      ['walk', 'median s', 'median peak RSS'],
      ['scan (baseline)', fixed(scanS, 2), mib(scanPeak)],
      ['verify', fixed(verifyS, 2), mib(verifyPeak)],
      ['ratio', fixed(ratio, 2), ''],
      [`verify, first ${tenth.toLocaleString('en')} only`, '', mib(tenthPeak)],
    ]);
    note(
      'scan: the reader streams every row (5,000 per keyset page, next page prefetched) and nothing else; ' +
        'verify: the same stream plus re-deriving each entry and its SHA-256 (VerifyAuditTrailUseCase). ' +
        `Peak RSS is the walking process (Node plus the pg driver), PostgreSQL excluded; connected and idle ` +
        `it held ${mib(idleRssBytes)}.`,
    );

    if (Math.max(backgroundPct, backgroundAfterPct) > NOISY_PCT_OF_CORE) {
      note(
        `WARNING: other processes used ${fixed(backgroundPct, 0)}% of a core before the walks and ` +
          `${fixed(backgroundAfterPct, 0)}% after them: on a 2-core machine the times above are inflated; rerun ` +
          'when it is quiet.',
      );
    }

    const timeMet = verifyS < GOAL_SECONDS * (entries / DEFAULT_ENTRIES);
    const rssMet = tenthPeak > 0 && rssGrowth <= GOAL_RSS_GROWTH;
    heading('goals');
    printTable([
      ['goal', 'measured', 'target', 'verdict'],
      [
        `verify ${entries.toLocaleString('en')} entries`,
        `${fixed(verifyS, 2)} s`,
        `< ${fixed(GOAL_SECONDS * (entries / DEFAULT_ENTRIES), 1)} s`,
        verdict(timeMet),
      ],
      [
        'memory bounded: peak RSS, all / first tenth',
        `${mib(verifyPeak)} / ${mib(tenthPeak)} = ${fixed(rssGrowth, 2)}`,
        `<= ${fixed(GOAL_RSS_GROWTH, 2)}`,
        verdict(rssMet),
      ],
    ]);

    printResultLine({
      benchmark: 'audit-verify',
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, memBytes: totalmem(), node: process.version },
      backgroundLoadPctOfCore: backgroundPct,
      backgroundLoadAfterPctOfCore: backgroundAfterPct,
      entries,
      fillSeconds: round(fillS, 1),
      tableBytes: Number(size),
      scanSeconds: round(scanS, 3),
      verifySeconds: round(verifyS, 3),
      ratio: round(ratio, 3),
      idleRssBytes,
      verifyPeakRssBytes: verifyPeak,
      verifyTenthPeakRssBytes: tenthPeak,
      scanPeakRssBytes: scanPeak,
      runs: figures.map((f) => ({ ...f, ms: round(f.ms, 1) })),
      goals: {
        verifyTime: { targetSeconds: GOAL_SECONDS, measuredSeconds: round(verifyS, 3), met: timeMet },
        boundedRss: { targetRatio: GOAL_RSS_GROWTH, measuredRatio: round(rssGrowth, 3), met: rssMet },
      },
    });
  });
}

const INSERT_SQL = `
  INSERT INTO audit_log (occurred_at, actor, actor_role, action, entity_type, entity_id, before, after,
                         request_id, prev_hash, hash)
  SELECT t.occurred_at::timestamptz, t.actor, t.actor_role, t.action, t.entity_type, t.entity_id,
         t.before::jsonb, t.after::jsonb, t.request_id, t.prev_hash, t.hash
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                $9::text[], $10::text[], $11::text[])
         WITH ORDINALITY AS t(occurred_at, actor, actor_role, action, entity_type, entity_id, before, after,
                              request_id, prev_hash, hash, n)
   ORDER BY t.n`;

/**
 * Writes `count` entries chained exactly as AuditLogRepository.append chains them (hash computed here with
 * the writer's own auditEntryHash), in multi-row INSERTs; the append-only trigger allows INSERT. The next batch
 * is hashed while the previous one is being inserted. Returns the head hash.
 */
async function fill(ds: DataSource, count: number, batchSize: number, signal: AbortSignal): Promise<string> {
  const started = performance.now();
  let prevHash: string | null = null;
  let inFlight: Promise<unknown> = Promise.resolve();
  let reported = 0;
  for (let first = 0; first < count; first += batchSize) {
    signal.throwIfAborted();
    const n = Math.min(batchSize, count - first);
    const columns: (string | null)[][] = Array.from({ length: 11 }, () => new Array<string | null>(n));
    for (let j = 0; j < n; j += 1) {
      const i = first + j;
      const entry = syntheticEntry(i);
      const occurredAt = new Date(Date.UTC(2026, 0, 1) + i * 1_537);
      const hash = auditEntryHash(prevHash, entry, occurredAt);
      const row = [
        occurredAt.toISOString(),
        entry.actor,
        entry.actorRole,
        entry.action,
        entry.entityType,
        entry.entityId,
        entry.before === null ? null : JSON.stringify(entry.before),
        entry.after === null ? null : JSON.stringify(entry.after),
        entry.requestId,
        prevHash,
        hash,
      ];
      for (let c = 0; c < 11; c += 1) columns[c][j] = row[c];
      prevHash = hash;
    }
    await inFlight;
    inFlight = ds.query(INSERT_SQL, columns);
    const done = first + n;
    if (done - reported >= count / 10 || done === count) {
      reported = done;
      note(`  ${done.toLocaleString('en')} hashed (${fixed((performance.now() - started) / 1000, 1)} s)`);
    }
  }
  await inFlight;
  return prevHash ?? '';
}

const MODELS = ['sepsis-risk', 'aki-48h', 'readmission-30d', 'icu_deterioration', 'ed-triage'];
const PEOPLE: [string, string][] = [
  ['ci-bot', 'submitter'],
  ['dr-rivera', 'approver'],
  ['dr-chen', 'approver'],
  ['deploy-bot', 'deployer'],
  ['admin', 'admin'],
];

/** A deterministic mix of the entries the registry writes, sized like real ones (a card, a version, a token). */
function syntheticEntry(i: number): AuditEntryInput {
  const model = MODELS[i % MODELS.length];
  const [actor, actorRole] = PEOPLE[i % PEOPLE.length];
  const version = 1 + (Math.floor(i / MODELS.length) % 40);
  const requestId = `req-${i.toString(36)}-${(i * 2654435761) >>> 0}`;
  const card = {
    details: { developer: 'Vigil Labs', releaseStage: 'validation', contact: 'ml-governance@example.org' },
    purpose: { intendedUse: `Early warning for ${model}`, decisionRole: 'informs', population: 'adult inpatients' },
    performance: { auroc: 0.81 + (i % 7) / 1000, calibrationSlope: 0.97, sites: ['site-a', 'site-b'] },
  };
  const versionState = (status: string) => ({
    version,
    status,
    artifactSha256: ((i * 40503) >>> 0).toString(16).padStart(8, '0').repeat(8),
    artifactSizeBytes: 1_000_000 + i,
    gitCommit: ((i * 2246822519) >>> 0).toString(16).padStart(8, '0').repeat(5),
    trainingDataUri: `s3://vigil-data/${model}/2026-${String(1 + (i % 12)).padStart(2, '0')}`,
    parentVersion: version > 1 ? version - 1 : null,
    threshold: 0.5,
    featureColumns: ['age', 'lactate', 'heart_rate', 'resp_rate', 'wbc'],
    archivedAt: status === 'archived' ? new Date(Date.UTC(2026, 0, 1) + i * 1_537).toISOString() : null,
    archiveReason: status === 'archived' ? 'superseded by a recalibrated version' : null,
    rowVersion: status === 'archived' ? 2 : 1,
  });
  const base = { actor, actorRole, requestId };
  switch (i % 6) {
    case 0:
      return {
        ...base,
        action: 'model.updated',
        entityType: 'model',
        entityId: model,
        before: { name: model, owner: 'Dr. A. Rivera', description: null, card, rowVersion: 3 },
        after: { name: model, owner: 'Dr. B. Chen', description: null, card, rowVersion: 4 },
      };
    case 1:
    case 2:
      return {
        ...base,
        action: 'model_version.registered',
        entityType: 'model_version',
        entityId: `${model}@${version}`,
        before: null,
        after: versionState('registered'),
      };
    case 3:
      return {
        ...base,
        action: 'model_version.archived',
        entityType: 'model_version',
        entityId: `${model}@${version}`,
        before: versionState('registered'),
        after: versionState('archived'),
      };
    case 4:
      return {
        ...base,
        action: 'model.created',
        entityType: 'model',
        entityId: `${model}-${i}`,
        before: null,
        after: { name: `${model}-${i}`, owner: 'Dr. A. Rivera', description: 'bench', card, rowVersion: 1 },
      };
    default:
      return {
        ...base,
        actor: 'admin',
        actorRole: 'admin',
        action: 'token.created',
        entityType: 'token',
        entityId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        before: null,
        after: {
          id: String(i),
          name: `svc-${i}`,
          role: 'viewer',
          prefix: 'vgl_AbCd',
          expiresAt: null,
          revokedAt: null,
        },
      };
  }
}

function walkInChild(request: ChildRequest, signal: AbortSignal): Promise<WalkFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [CHILD_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], signal });
    let settled = false;
    child.on('message', (message: ChildMessage) => {
      settled = true;
      if (message.kind === 'walk') resolve(message.figures);
      else reject(new Error(`the measuring process failed: ${message.message}`));
    });
    child.on('error', (e) => (settled ? undefined : reject(e)));
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`the measuring process exited with ${code} before reporting`));
    });
    child.send(request);
  });
}

/** Runs in the child: one walk, with the peak-RSS window opened once connected. */
async function measureWalk(request: ChildRequest): Promise<WalkFigures> {
  const ds = createDataSource({ url: request.url, poolSize: 2, applicationName: 'vigil-bench-audit' });
  await ds.initialize();
  try {
    const reader = new AuditLogReader(ds);
    const idleRssBytes = process.memoryUsage.rss();
    resetPeakRss(process.pid);
    const samples: { at: number; rss: number }[] = [];
    const started = performance.now();
    const timer = setInterval(
      () => samples.push({ at: performance.now() - started, rss: process.memoryUsage.rss() }),
      RSS_SAMPLE_MS,
    );
    let entries: number;
    let ok: boolean | undefined;
    try {
      if (request.walk === 'scan') {
        entries = await scan(reader);
      } else if (request.walk === 'verify') {
        const result = await new VerifyAuditTrailUseCase(reader, ds).execute();
        entries = result.entriesChecked;
        ok = result.ok;
      } else {
        // The use case always walks the whole log; these are its two parts, over a prefix.
        const result = await verifyAuditChain(reader.streamChain({ upToId: request.upToId }), (_prev, row) =>
          auditRowHash(row),
        );
        entries = result.count;
        ok = result.ok;
      }
    } finally {
      clearInterval(timer);
    }
    const ms = performance.now() - started;
    return {
      walk: request.walk,
      round: request.round,
      entries,
      ms,
      idleRssBytes,
      peakRssBytes: readVmBytes(process.pid, 'VmHWM'),
      rssCourse: [0.1, 0.5, 0.9].map((q) => nearestSample(samples, q * ms) ?? idleRssBytes),
      ok,
    };
  } finally {
    await ds.destroy();
  }
}

/** The baseline: every row through the same reader, touching a field so nothing is optimised away. */
async function scan(reader: AuditLogReader): Promise<number> {
  let entries = 0;
  let hashChars = 0;
  for await (const row of reader.streamChain()) {
    entries += 1;
    hashChars += row.hash.length;
  }
  if (hashChars !== entries * 64) throw new Error('scan: a hash was not 64 characters');
  return entries;
}

function nearestSample(samples: { at: number; rss: number }[], at: number): number | undefined {
  let best: { at: number; rss: number } | undefined;
  for (const s of samples) if (!best || Math.abs(s.at - at) < Math.abs(best.at - at)) best = s;
  return best?.rss;
}
