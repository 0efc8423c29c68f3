// Drift ingestion (issue 5): `POST /api/v1/events` sustained from a second process on loopback into real
// PostgreSQL (the registry's embedded one), 30 numeric features per event, for batches of 500 and 2,000 events
// over a few keep-alive connections (closed loop: each connection posts its next batch once the previous one is
// acknowledged, i.e. committed). The route is served by the drift monitor (apps/drift-monitor, its own process,
// started here on the registry's database as embedded mode does), or by the registry in a tree older than the
// monitor. Goal: ≥ 20,000 events/s on a 2-core machine. Baseline in the same run: the same number of rows, in the
// same batch size over as many connections, written by a second process with a bare `COPY inference_event … FROM
// STDIN` per batch (pg-copy-streams) into the same partitioned table: what the database alone costs, without
// HTTP, JSON parsing, validation, the deployed-version check and the idempotency keys.
//   npm run bench -- drift-ingest [--duration=20] [--batches=500,2000] [--connections=4]
//                                 [--server-cpu-prof=DIR]   (node --cpu-prof of the ingesting server, into DIR)
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { buildLogisticModel } from '@vigil/inference/testing';
import { runBenchmark } from './support/bench-harness';
import { type DriftMonitorProcess, driftMonitorBuilt, startDriftMonitorProcess } from './support/drift-monitor-process';
import { CpuMeter, type CpuUsage, backgroundLoadPctOfCore, cpuSecondsOf } from './support/proc-stats';
import { RegistryApi } from './support/registry-api';
import { type RegistryProcess, startRegistryProcess } from './support/registry-process';
import { fixed, heading, note, printResultLine, printTable, round, verdict } from './support/report';

const GOAL_EVENTS_PER_S = 20_000;
const FEATURES = 30;
const MODEL = 'bench-drift';
const SITE = 'site-a';
const CHILD_FLAG = '--load-child';
const REQUEST_TIMEOUT_MS = 60_000;
// Distinct feature objects the load cycles through (building one per event would make the generator, which
// shares the 2 cores with the server, the bottleneck; the server parses and stores every one anyway).
const FEATURE_VARIANTS = 256;

interface LoadRequest {
  mode: 'http' | 'copy';
  /** http: the ingesting server's base URL; copy: a postgres:// URL of the registry's database. */
  url: string;
  token?: string;
  modelId?: string;
  batchSize: number;
  connections: number;
  /** Run for this long (http), or until `totalEvents` are written (copy). */
  durationS?: number;
  totalEvents?: number;
  idPrefix: string;
}

interface LoadResult {
  batches: number;
  /** Events acknowledged as stored (http: sum of `stored`; copy: rows copied). */
  stored: number;
  duplicates: number;
  non2xx: number;
  errors: number;
  firstProblem: string | null;
  elapsedS: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /**
   * copy only: CPU seconds of the PostgreSQL backends serving this process's connections, read before they close
   * (an ended backend is reaped by the postmaster, so the server-side CPU meter would lose it).
   */
  backendCpuSeconds?: number;
}

type ChildMessage = { kind: 'done'; result: LoadResult } | { kind: 'error'; message: string };

function percentiles(values: number[]): LoadResult['latencyMs'] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

function featureVariants(): Record<string, number>[] {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 100;
  return Array.from({ length: FEATURE_VARIANTS }, () =>
    Object.fromEntries(
      Array.from({ length: FEATURES }, (_, f) => [`f${String(f).padStart(2, '0')}`, round(rand(), 3)]),
    ),
  );
}

// ---- the load process (a forked child: its CPU and event loop are not the benchmark's) ----

async function loadOverHttp(req: LoadRequest): Promise<LoadResult> {
  const variants = featureVariants().map((f) => JSON.stringify(f));
  const time = new Date(Date.now() - 60_000).toISOString();
  // Everything of an event but its id, pre-serialised: the generator only splices ids in.
  const tails = variants.map(
    (f, i) =>
      `","model":"${MODEL}","version":1,"site":"${SITE}","time":"${time}","features":${f},"score":${((i % 100) / 100).toFixed(2)},"alertShown":${i % 7 === 0}}`,
  );
  const agent = new Agent({ keepAlive: true, maxSockets: req.connections });
  const latencies: number[] = [];
  let seq = 0;
  let stored = 0;
  let duplicates = 0;
  let non2xx = 0;
  let errors = 0;
  let firstProblem: string | null = null;
  const started = performance.now();
  const deadline = started + (req.durationS ?? 20) * 1000;

  const body = (): Buffer => {
    const parts: string[] = [];
    for (let i = 0; i < req.batchSize; i++) {
      const n = seq++;
      parts.push(`{"eventId":"${req.idPrefix}-${n}${tails[n % tails.length]}`);
    }
    return Buffer.from(`{"events":[${parts.join(',')}]}`);
  };
  const post = (payload: Buffer) =>
    new Promise<void>((resolve) => {
      const sentAt = performance.now();
      const r = request(
        `${req.url}/api/v1/events`,
        {
          method: 'POST',
          agent,
          timeout: REQUEST_TIMEOUT_MS,
          headers: {
            authorization: `Bearer ${req.token}`,
            'content-type': 'application/json',
            'content-length': payload.length,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.once('end', () => {
            latencies.push(performance.now() - sentAt);
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode === 200) {
              const receipt = JSON.parse(text) as { stored: number; duplicates: number };
              stored += receipt.stored;
              duplicates += receipt.duplicates;
            } else {
              non2xx += 1;
              firstProblem ??= `${res.statusCode}: ${text.slice(0, 500)}`;
            }
            resolve();
          });
        },
      );
      r.once('timeout', () => r.destroy(new Error('timed out')));
      r.once('error', (e) => {
        errors += 1;
        firstProblem ??= e.message;
        resolve();
      });
      r.end(payload);
    });
  const connection = async () => {
    while (performance.now() < deadline) await post(body());
  };
  await Promise.all(Array.from({ length: req.connections }, connection));
  const elapsedS = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    batches: latencies.length,
    stored,
    duplicates,
    non2xx,
    errors,
    firstProblem,
    elapsedS,
    latencyMs: percentiles(latencies),
  };
}

async function loadOverCopy(req: LoadRequest): Promise<LoadResult> {
  const variants = featureVariants().map((f) => JSON.stringify(f));
  const time = new Date(Date.now() - 60_000).toISOString();
  // Everything of a row but its id, in COPY's text format (JSON of plain numbers needs no escaping).
  const tails = variants.map(
    (f, i) =>
      `\t${req.modelId}\t1\t${SITE}\t${time}\t${f}\t${(i % 100) / 100}\t${i % 7 === 0 ? 't' : 'f'}\tbench-baseline\n`,
  );
  const total = req.totalEvents ?? 0;
  const clients = await Promise.all(
    Array.from({ length: req.connections }, async () => {
      const c = new Client({ connectionString: req.url });
      await c.connect();
      return c;
    }),
  );
  const latencies: number[] = [];
  let seq = 0;
  let stored = 0;
  const started = performance.now();
  const connection = async (client: Client) => {
    while (seq < total) {
      const from = seq;
      const n = Math.min(req.batchSize, total - from);
      seq += n;
      const lines: string[] = [];
      for (let i = from; i < from + n; i++) lines.push(`${req.idPrefix}-${i}${tails[i % tails.length]}`);
      const sentAt = performance.now();
      // A bare COPY per batch, committed on its own: no keys, no conflict check, nothing returned.
      const copy = client.query(
        copyFrom(
          `COPY inference_event (event_id, model_id, version, site, event_time, features, score, alert_shown, submitted_by) FROM STDIN`,
        ),
      );
      await pipeline(Readable.from([lines.join('')]), copy);
      latencies.push(performance.now() - sentAt);
      stored += copy.rowCount;
    }
  };
  const backendPids = await Promise.all(
    clients.map(async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid),
  );
  const cpuBefore = backendPids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
  await Promise.all(clients.map(connection));
  const elapsedS = (performance.now() - started) / 1000;
  const backendCpuSeconds = backendPids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0) - cpuBefore;
  await Promise.all(clients.map((c) => c.end()));
  return {
    batches: latencies.length,
    stored,
    duplicates: total - stored,
    non2xx: 0,
    errors: 0,
    firstProblem: null,
    elapsedS,
    latencyMs: percentiles(latencies),
    backendCpuSeconds,
  };
}

// ---- the benchmark process ----

/** Forks this script as the load process, waits for its figures and for it to exit (so its CPU is reaped). */
async function runLoadProcess(req: LoadRequest, signal: AbortSignal): Promise<LoadResult> {
  const child: ChildProcess = fork(__filename, [CHILD_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = once(child, 'exit');
  const kill = () => child.kill('SIGKILL');
  signal.addEventListener('abort', kill, { once: true });
  try {
    const message = new Promise<ChildMessage>((resolve) => child.once('message', (m) => resolve(m as ChildMessage)));
    child.send(req);
    const gone: ChildMessage = { kind: 'error', message: 'the load process exited without figures' };
    const m = await Promise.race([message, exited.then(() => gone)]);
    await exited;
    if (m.kind === 'error') throw new Error(`load process: ${m.message}`);
    return m.result;
  } finally {
    signal.removeEventListener('abort', kill);
  }
}

async function databaseUrl(server: RegistryProcess): Promise<string> {
  // The embedded server's generated password and the port its postmaster.pid records (line 4).
  const password = (await readFile(join(server.dataDir, 'postgres-password'), 'utf8')).trim();
  const port = (await readFile(join(server.dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[3].trim();
  return `postgres://vigil:${encodeURIComponent(password)}@127.0.0.1:${port}/vigil`;
}

/** Model, version, approval policy, a signed approval and a shadow deployment at SITE; returns a deployer token. */
async function deployVersion(server: RegistryProcess): Promise<string> {
  const api = new RegistryApi(server.url, server.adminToken);
  const call = async (method: string, path: string, json: unknown, token = server.adminToken) => {
    const res = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(json),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const password = 'Bench-approver-2026!';
  await call('POST', '/api/v1/users', {
    name: 'Bench Approver',
    email: 'approver@bench.local',
    role: 'approver',
    password,
  });
  const approver = (await call('POST', '/api/v1/tokens', { name: 'bench-approver', principal: 'approver@bench.local' }))
    .secret as string;
  const deployer = await api.createToken('bench-node', 'deployer');
  await api.createModel(MODEL);
  const form = new FormData();
  form.append('metadata', JSON.stringify({ gitCommit: 'abcdef1', trainingDataUri: 's3://bench' }));
  form.append('artifact', new Blob([buildLogisticModel({ weights: [1, 2, 3], bias: 0 })]), 'm.onnx');
  const reg = await fetch(`${server.url}/api/v1/models/${MODEL}/versions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}` },
    body: form,
  });
  if (reg.status !== 201) throw new Error(`registration failed: ${reg.status} ${await reg.text()}`);
  await call('PUT', `/api/v1/models/${MODEL}/policy`, {
    rules: [{ environment: 'shadow', signatures: [{ role: 'approver', count: 1 }] }],
  });
  const approval = await call('POST', '/api/v1/approvals', {
    model: MODEL,
    version: 1,
    environment: 'shadow',
    sites: [SITE],
    note: 'drift-ingest benchmark',
  });
  await call(
    'POST',
    `/api/v1/approvals/${String(approval.id)}/signatures`,
    { decision: 'approve', meaning: 'Approved for the benchmark', reason: 'bench', password },
    approver,
  );
  await call(
    'POST',
    `/api/v1/models/${MODEL}/deployments`,
    { version: 1, environment: 'shadow', site: SITE },
    deployer,
  );
  return deployer;
}

interface Round {
  batchSize: number;
  ingest: LoadResult;
  ingestCpu: CpuUsage;
  baseline: LoadResult;
  baselineCpu: CpuUsage;
}

const rate = (r: LoadResult) => r.stored / r.elapsedS;

/** Whichever process serves POST /api/v1/events: the drift monitor when it is built, else the registry. */
interface EventsServer {
  name: 'drift monitor' | 'registry';
  url: string;
  pid: number;
}

/**
 * Where the CPU went while `run` ran. PostgreSQL is the registry's child (embedded mode), so a CpuMeter on the
 * registry counts it; when the monitor serves the route, its process is measured on its own and taken out of
 * "other" (the idle registry's own few percent stay there).
 */
async function measured<T>(registry: RegistryProcess, server: EventsServer, run: () => Promise<T>) {
  const meter = new CpuMeter(registry.pid);
  const startedAt = performance.now();
  const serverBefore = cpuSecondsOf(server.pid);
  const result = await run();
  const usage = meter.stop();
  if (server.pid === registry.pid) return { result, usage };
  const serverPct = ((cpuSecondsOf(server.pid) - serverBefore) / ((performance.now() - startedAt) / 1000)) * 100;
  return {
    result,
    usage: {
      ...usage,
      serverPctOfCore: round(serverPct, 1),
      otherPctOfCore: round(Math.max(0, usage.otherPctOfCore + usage.serverPctOfCore - serverPct), 1),
    },
  };
}

if (process.argv.includes(CHILD_FLAG)) {
  process.once('message', (req: LoadRequest) => {
    (req.mode === 'http' ? loadOverHttp(req) : loadOverCopy(req)).then(
      (result) => process.send?.({ kind: 'done', result } satisfies ChildMessage, () => process.exit(0)),
      (e: unknown) =>
        process.send?.(
          { kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies ChildMessage,
          () => process.exit(1),
        ),
    );
  });
} else {
  runBenchmark('drift-ingest', 20 * 60_000, async ({ signal, defer, args }) => {
    const durationS = Number(args.get('duration') ?? 20);
    const connections = Number(args.get('connections') ?? 4);
    const batchSizes = (args.get('batches') ?? '500,2000').split(',').map(Number);
    const profileDir = args.get('server-cpu-prof');
    const load = await backgroundLoadPctOfCore();
    if (load > 15) note(`other processes use ${fixed(load)}% of a core: figures may be low`);

    const withMonitor = driftMonitorBuilt();
    // With the monitor built, the registry would fork one of its own on a fixed port: this run starts its own.
    const registry = await startRegistryProcess(withMonitor ? { VIGIL_EMBEDDED_MONITOR: 'false' } : {});
    defer(() => registry.stop());
    const deployer = await deployVersion(registry);
    const url = await databaseUrl(registry);
    let server: EventsServer = { name: 'registry', url: registry.url, pid: registry.pid };
    if (withMonitor) {
      const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
      const monitor: DriftMonitorProcess = await startDriftMonitorProcess({
        databaseUrl: url,
        registryUrl: registry.url,
        nodeArgs,
      });
      defer(() => monitor.stop());
      server = { name: 'drift monitor', url: monitor.url, pid: monitor.pid };
    } else if (profileDir) {
      note('--server-cpu-prof applies to the drift monitor only; this tree serves the route from the registry');
    }
    const db = new Client({ connectionString: url });
    await db.connect();
    defer(() => db.end());
    const modelId = (await db.query<{ id: string }>(`SELECT id FROM registered_model WHERE name = $1`, [MODEL])).rows[0]
      ?.id;
    if (!modelId) throw new Error(`model ${MODEL} not found in the database`);
    note(
      `${MODEL}@1 deployed (shadow) at ${SITE}; POST /api/v1/events served by the ${server.name} (pid ${server.pid}); ` +
        `${FEATURES} numeric features per event, ${connections} connections, ${durationS} s per batch size; ` +
        'load and baseline each from a forked process',
    );

    const rounds: Round[] = [];
    for (const batchSize of batchSizes) {
      heading(`batches of ${batchSize.toLocaleString('en-US')} events`);
      const ingestRun = await measured(registry, server, () =>
        runLoadProcess(
          {
            mode: 'http',
            url: server.url,
            token: deployer,
            batchSize,
            connections,
            durationS,
            idPrefix: `http-${batchSize}`,
          },
          signal,
        ),
      );
      const ingest = ingestRun.result;
      if (ingest.stored === 0) throw new Error(`no event was stored: ${ingest.firstProblem ?? 'no answer'}`);
      // The baseline copies as many rows as the API stored, in the same batch size over as many connections.
      const baselineRun = await measured(registry, server, () =>
        runLoadProcess(
          {
            mode: 'copy',
            url,
            modelId,
            batchSize,
            connections,
            totalEvents: ingest.stored,
            idPrefix: `copy-${batchSize}`,
          },
          signal,
        ),
      );
      const baseline = baselineRun.result;
      // The baseline's backends ended before the meter stopped: add their CPU (read by the load process) to
      // PostgreSQL's share and take it out of "other".
      const backendPct = ((baseline.backendCpuSeconds ?? 0) / baseline.elapsedS) * 100;
      const baselineCpu: CpuUsage = {
        ...baselineRun.usage,
        childrenPctOfCore: round(baselineRun.usage.childrenPctOfCore + backendPct, 1),
        otherPctOfCore: round(Math.max(0, baselineRun.usage.otherPctOfCore - backendPct), 1),
      };
      rounds.push({ batchSize, ingest, ingestCpu: ingestRun.usage, baseline, baselineCpu });
      note(
        `API ${fixed(rate(ingest), 0)} events/s (${ingest.stored.toLocaleString('en-US')} stored in ${fixed(ingest.elapsedS, 1)} s), ` +
          `bare COPY ${fixed(rate(baseline), 0)} rows/s`,
      );
      if (ingest.firstProblem) note(`first problem: ${ingest.firstProblem}`);
    }

    heading('drift ingestion: results');
    printTable([
      [
        'batch',
        'path',
        'events/s',
        'batches',
        'ack p50 ms',
        'ack p99 ms',
        'max ms',
        'non-2xx',
        'errors',
        'dups',
        'server %core',
        'postgres %core',
        'loadgen %core',
        'other %core',
      ],
      ...rounds.flatMap((r) =>
        (
          [
            ['POST /api/v1/events', r.ingest, r.ingestCpu],
            ['baseline: bare COPY via pg', r.baseline, r.baselineCpu],
          ] as const
        ).map(([path, res, cpu]) => [
          String(r.batchSize),
          path,
          fixed(rate(res), 0),
          String(res.batches),
          fixed(res.latencyMs.p50, 1),
          fixed(res.latencyMs.p99, 1),
          fixed(res.latencyMs.max, 1),
          String(res.non2xx),
          String(res.errors),
          String(res.duplicates),
          fixed(cpu.serverPctOfCore, 0),
          fixed(cpu.childrenPctOfCore, 0),
          fixed(cpu.loadGenPctOfCore, 0),
          fixed(cpu.otherPctOfCore, 0),
        ]),
      ),
    ]);
    for (const r of rounds) {
      note(
        `batch ${r.batchSize}: ingest ÷ bare COPY = ${fixed(rate(r.ingest) / rate(r.baseline), 2)} ` +
          `(${fixed(rate(r.ingest), 0)} / ${fixed(rate(r.baseline), 0)}); ack p50 ${fixed(r.ingest.latencyMs.p50, 0)} ms, ` +
          `p99 ${fixed(r.ingest.latencyMs.p99, 0)} ms; goal ≥ ${GOAL_EVENTS_PER_S.toLocaleString('en-US')}/s: ` +
          verdict(rate(r.ingest) >= GOAL_EVENTS_PER_S),
      );
    }
    const best = rounds.reduce((a, b) => (rate(b.ingest) > rate(a.ingest) ? b : a));
    const bestRate = rate(best.ingest);
    note(
      `best: ${fixed(bestRate, 0)} events/s with batches of ${best.batchSize}, p99 ack ${fixed(best.ingest.latencyMs.p99, 1)} ms: ` +
        `${verdict(bestRate >= GOAL_EVENTS_PER_S)}`,
    );
    if (profileDir && withMonitor) note(`the drift monitor's CPU profile is written to ${profileDir} as it stops`);

    printResultLine({
      benchmark: 'drift-ingest',
      server: server.name,
      features: FEATURES,
      connections,
      durationS,
      rounds: rounds.map((r) => ({
        batchSize: r.batchSize,
        eventsPerSecond: round(rate(r.ingest), 0),
        ackP50Ms: round(r.ingest.latencyMs.p50, 1),
        ackP99Ms: round(r.ingest.latencyMs.p99, 1),
        non2xx: r.ingest.non2xx,
        errors: r.ingest.errors,
        serverPctOfCore: r.ingestCpu.serverPctOfCore,
        postgresPctOfCore: r.ingestCpu.childrenPctOfCore,
        loadGenPctOfCore: r.ingestCpu.loadGenPctOfCore,
        otherPctOfCore: r.ingestCpu.otherPctOfCore,
        copyRowsPerSecond: round(rate(r.baseline), 0),
        copyAckP99Ms: round(r.baseline.latencyMs.p99, 1),
        ingestOverCopy: round(rate(r.ingest) / rate(r.baseline), 3),
      })),
      goals: {
        eventsPerSecond: {
          target: GOAL_EVENTS_PER_S,
          measured: round(bestRate, 0),
          batchSize: best.batchSize,
          met: bestRate >= GOAL_EVENTS_PER_S,
        },
      },
    });
  });
}
