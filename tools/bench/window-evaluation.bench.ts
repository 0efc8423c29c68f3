// Drift window evaluation (issue 5): one window of 1,000,000 events × 30 features (27 numeric, 3 categorical,
// some missing, new codes in one; a score; outcomes for 30%; clinician feedback on most alerts) evaluated against
// a frozen reference profile for every signal. Goals: < 5 s and < 300 MB peak RSS (for scale, Evidently 0.7's
// default drift report on 1,000,000 × 30 took 118–183 s and 1.8–2.2 GB on a machine like this one).
//   (a) in memory: events handed to WindowAggregate.add chunk by chunk, then summariseWindow + observeReport.
//       Baseline in the same run: a bare loop binning the same 30 columns from typed arrays into 10 decile bins.
//   (b) from PostgreSQL: the same events stored in the real tables (a fresh database, filled through the
//       ingestion repository), then readWindowEvents → WindowAggregate → summariseWindow + observeReport, for
//       each read plan (COPY of the window as JSON lines; or a cursor or keyset pages, each with one JSON.parse
//       per chunk or the driver's per-row parse).
//       Baselines in the same run: `SELECT count(*), sum(score)` over the window (PostgreSQL alone), and the
//       same read with nothing done with the events (streaming and parsing only).
// Every measured part runs in a fresh child process, so its peak RSS (VmHWM, reset once the reference is loaded
// and the database connected) is its own. Both paths must give the same report; the benchmark checks it.
//   npm run bench -- window-evaluation [--events=1000000] [--rounds=2] [--chunk=10000] [--database-url=…]
import { fork } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { profileDataset } from '@vigil/datasets';
import { MONITORING_SIGNALS } from '@vigil/domain';
import {
  buildReferenceProfile,
  observeReport,
  type ReferenceProfile,
  summariseWindow,
  WindowAggregate,
  type WindowReport,
} from '@vigil/drift';
import {
  createDataSource,
  DriftEventRepository,
  type InferenceEventRow,
  readWindowEvents,
  runMigrations,
  type WindowEventReadOptions,
} from '@vigil/persistence';
import { BinaryClassificationAccumulator, binIndex } from '@vigil/stats';
import { runBenchmark } from './support/bench-harness';
import { freshDatabase } from './support/fresh-database';
import { backgroundLoadPctOfCore, cpuSecondsOf, readVmBytes, resetPeakRss } from './support/proc-stats';
import { fixed, heading, median, mib, note, printResultLine, printTable, round, verdict } from './support/report';
import {
  ALERT_THRESHOLD,
  CATEGORICAL_FEATURES,
  eventColumns,
  type EventColumns,
  feedbackAction,
  featuresOf,
  NUMERIC_FEATURES,
  referenceColumns,
  toWindowEvents,
  windowColumns,
} from './support/window-events';

const GOAL_SECONDS = 5;
const GOAL_PEAK_RSS = 300 * 1e6;
const SEED = 20_261_122;
const REFERENCE_ROWS = 100_000;
const CHILD_FLAG = '--measure-child';
const NOISY_PCT_OF_CORE = 15;
const SITE = 'site-bench';
const WINDOW_START = new Date('2026-03-02T00:00:00Z');
const WINDOW_END = new Date('2026-03-03T00:00:00Z');
// The reader's default first.
const PLANS: Required<WindowEventReadOptions>[] = [
  { paging: 'copy', parse: 'chunk' },
  { paging: 'cursor', parse: 'chunk' },
  { paging: 'cursor', parse: 'row' },
  { paging: 'keyset', parse: 'chunk' },
  { paging: 'keyset', parse: 'row' },
];
const planName = (p: WindowEventReadOptions) => (p.paging === 'copy' ? 'copy' : `${p.paging}/${p.parse}`);

type Mode = 'memory' | 'memory-baseline' | 'pg' | 'pg-stream' | 'pg-count';

interface ChildRequest {
  mode: Mode;
  referencePath: string;
  events: number;
  chunk: number;
  url?: string;
  modelId?: string;
  plan?: WindowEventReadOptions;
  /** Outcomes and feedback received by then count (all of the fill's). */
  receivedBy?: string;
}

interface Figures {
  mode: Mode;
  plan: string | null;
  events: number;
  /** The measured part: events counted, window summarised, every signal observed. */
  seconds: number;
  /** CPU seconds of the measuring process over the measured part (PostgreSQL's are not in it). */
  cpuSeconds: number;
  /** CPU seconds of the PostgreSQL backends serving it (when the server runs on this machine). */
  pgCpuSeconds: number | null;
  /** (a) only: the part spent in WindowAggregate.add, and in summariseWindow + observeReport. */
  addSeconds?: number;
  summariseSeconds?: number;
  idleRssBytes: number;
  peakRssBytes: number | null;
  /** What the window looked like, to check both paths counted the same events. */
  digest: string | null;
}

type ChildMessage = { kind: 'figures'; figures: Figures } | { kind: 'error'; message: string };

// ---- the measuring child ----

function digestOf(report: WindowReport, reference: ReferenceProfile): string {
  const observed = observeReport(
    MONITORING_SIGNALS.map((signal) => ({ signal })),
    reference,
    report,
  );
  const values = Object.fromEntries([...observed].map(([signal, o]) => [signal, o.value]));
  return JSON.stringify({
    events: report.events,
    labelled: report.performance.labelled,
    responses: report.feedback.responses,
    values,
    worst: observed.get('input_psi')?.worstFeatures?.map((f) => f.feature),
    features: report.features.map((f) => [f.feature, f.psi, f.missing]),
  });
}

async function measure(req: ChildRequest): Promise<Figures> {
  const reference = JSON.parse(await readFile(req.referencePath, 'utf8')) as ReferenceProfile;
  const rules = MONITORING_SIGNALS.map((signal) => ({ signal }));
  const base = { mode: req.mode, plan: req.plan === undefined ? null : planName(req.plan), events: req.events };
  const applicationName = `vigil-bench-${process.pid}`;
  const ds =
    req.url === undefined
      ? null
      : createDataSource({ url: req.url, poolSize: 2, statementTimeoutMs: 600_000, applicationName });
  await ds?.initialize();
  // Both pooled connections opened now, so the backends that will serve the read are known and metered.
  const backends: number[] = [];
  if (ds !== null) {
    const runners = [ds.createQueryRunner(), ds.createQueryRunner()];
    await Promise.all(runners.map((r) => r.query('SELECT 1')));
    await Promise.all(runners.map((r) => r.release()));
    const rows = await ds.query<{ pid: number }[]>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [
      applicationName,
    ]);
    backends.push(...rows.map((r) => r.pid));
  }
  const pgCpu = () => backends.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
  try {
    const query = {
      modelId: req.modelId ?? '',
      version: 1,
      site: SITE,
      from: WINDOW_START,
      to: WINDOW_END,
      labelsReceivedBy: req.receivedBy === undefined ? undefined : new Date(req.receivedBy),
      feedbackReceivedBy: req.receivedBy === undefined ? undefined : new Date(req.receivedBy),
    };
    const idleRssBytes = process.memoryUsage.rss();
    resetPeakRss(process.pid);
    const pgCpu0 = pgCpu();
    const cpu0 = process.cpuUsage();
    const cpuSeconds = () => {
      const c = process.cpuUsage(cpu0);
      return (c.user + c.system) / 1e6;
    };
    const done = (seconds: number, digest: string | null, extra: Partial<Figures> = {}): Figures => ({
      ...base,
      seconds,
      cpuSeconds: cpuSeconds(),
      // /proc shows only this machine's processes: a remote server's backends read as 0.
      pgCpuSeconds: ds === null || backends.length === 0 || pgCpu() === 0 ? null : pgCpu() - pgCpu0,
      idleRssBytes,
      peakRssBytes: readVmBytes(process.pid, 'VmHWM'),
      digest,
      ...extra,
    });
    switch (req.mode) {
      case 'memory': {
        // Events are generated chunk by chunk (as a reader hands them over), outside the clock.
        const aggregate = WindowAggregate.create(reference);
        const columns = eventColumns(req.chunk);
        let addMs = 0;
        for (let first = 0; first < req.events; first += req.chunk) {
          const events = toWindowEvents(windowColumns(SEED, first, Math.min(req.chunk, req.events - first), columns));
          const t = performance.now();
          for (const e of events) aggregate.add(e);
          addMs += performance.now() - t;
        }
        const t = performance.now();
        const report = summariseWindow(reference, aggregate);
        observeReport(rules, reference, report);
        const summariseMs = performance.now() - t;
        return done((addMs + summariseMs) / 1000, digestOf(report, reference), {
          addSeconds: addMs / 1000,
          summariseSeconds: summariseMs / 1000,
        });
      }
      case 'memory-baseline': {
        // The least a drift check can do per value: bin it among 9 edges. The same 30 columns, as typed arrays
        // (the categorical ones as codes), into 10 bins each.
        const edges = reference.features.map((f) =>
          f.kind === 'numeric' ? f.decileEdges : [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5],
        );
        const counts = edges.map(() => new Float64Array(10));
        const columns = eventColumns(req.chunk);
        const codeColumns = CATEGORICAL_FEATURES.map(() => new Float64Array(req.chunk));
        let ms = 0;
        for (let first = 0; first < req.events; first += req.chunk) {
          windowColumns(SEED, first, Math.min(req.chunk, req.events - first), columns);
          columns.categorical.forEach((values, c) => codes(values, columns.count, codeColumns[c]));
          const typed = [...columns.numeric, ...codeColumns].map((values) => values.subarray(0, columns.count));
          const t = performance.now();
          for (let f = 0; f < typed.length; f++) {
            const values = typed[f];
            const e = edges[f];
            const c = counts[f];
            for (let i = 0; i < values.length; i++) {
              const v = values[i];
              if (v === v) c[binIndex(v, e)]++;
            }
          }
          ms += performance.now() - t;
        }
        const total = counts.reduce((s, c) => s + c.reduce((a, b) => a + b, 0), 0);
        if (!(total > 0)) throw new Error('the baseline counted nothing');
        return done(ms / 1000, null);
      }
      case 'pg': {
        const aggregate = WindowAggregate.create(reference);
        const t = performance.now();
        await readWindowEvents(ds!, query, (events) => aggregate.addAll(events), req.chunk, req.plan);
        const report = summariseWindow(reference, aggregate);
        observeReport(rules, reference, report);
        return done((performance.now() - t) / 1000, digestOf(report, reference));
      }
      case 'pg-stream': {
        let events = 0;
        let scores = 0;
        const t = performance.now();
        await readWindowEvents(
          ds!,
          query,
          (chunk) => {
            events += chunk.length;
            for (const e of chunk) scores += e.score;
          },
          req.chunk,
          req.plan,
        );
        const seconds = (performance.now() - t) / 1000;
        if (events !== req.events || !(scores > 0)) throw new Error(`streamed ${events} events`);
        return done(seconds, null);
      }
      case 'pg-count': {
        const t = performance.now();
        const [row] = await ds!.query<{ n: number; s: number }[]>(
          `SELECT count(*)::int AS n, sum(score) AS s FROM inference_event
            WHERE model_id = $1 AND version = 1 AND site = $2 AND event_time >= $3 AND event_time < $4`,
          [query.modelId, SITE, WINDOW_START.toISOString(), WINDOW_END.toISOString()],
        );
        const seconds = (performance.now() - t) / 1000;
        if (row.n !== req.events) throw new Error(`counted ${row.n} events`);
        return done(seconds, null);
      }
      default:
        throw new Error(`unknown mode ${String(req.mode)}`);
    }
  } finally {
    await ds?.destroy();
  }
}

function codes(values: string[], count: number, into: Float64Array): void {
  const index = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    let code = index.get(values[i]);
    if (code === undefined) index.set(values[i], (code = index.size));
    into[i] = code;
  }
}

function inChild(request: ChildRequest, signal: AbortSignal): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [CHILD_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], signal });
    let settled = false;
    child.on('message', (message: ChildMessage) => {
      settled = true;
      if (message.kind === 'figures') resolve(message.figures);
      else reject(new Error(`the measuring process failed: ${message.message}`));
    });
    child.on('error', (e) => (settled ? undefined : reject(e)));
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`the measuring process exited with ${code} before reporting`));
    });
    child.send(request);
  });
}

// ---- the benchmark process ----

/** The reference profile as approval freezes it: profileDataset over the reference file, its values, scores. */
async function buildReference(dir: string): Promise<{ path: string; reference: ReferenceProfile }> {
  const columns = referenceColumns(SEED, REFERENCE_ROWS);
  const csv = join(dir, 'reference.csv');
  const out = createWriteStream(csv);
  out.write(`${[...NUMERIC_FEATURES, ...CATEGORICAL_FEATURES, 'outcome'].join(',')}\n`);
  for (let i = 0; i < columns.count; i++) {
    const numbers = columns.numeric.map((c) => (Number.isNaN(c[i]) ? '' : String(c[i])));
    const line = `${[...numbers, ...columns.categorical.map((c) => c[i]), String(columns.label[i])].join(',')}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const dataset = await profileDataset(csv, { labelColumn: 'outcome' });
  const numericValues = new Map(
    NUMERIC_FEATURES.map((name, f) => [name, columns.numeric[f].filter((v) => !Number.isNaN(v))]),
  );
  const performance = new BinaryClassificationAccumulator(ALERT_THRESHOLD);
  for (let i = 0; i < columns.count; i++) performance.add(columns.score[i], columns.label[i] as 0 | 1);
  const m = performance.result();
  const reference = buildReferenceProfile({
    dataset,
    features: [...NUMERIC_FEATURES, ...CATEGORICAL_FEATURES],
    numericValues,
    scores: columns.score,
    performance: { threshold: ALERT_THRESHOLD, auroc: m.auroc, sensitivity: m.sensitivity, ppv: m.ppv },
  });
  const path = join(dir, 'reference.json');
  await writeFile(path, JSON.stringify(reference));
  return { path, reference };
}

/** Stores the window's events, their outcomes and feedback as ingestion does; returns the model id. */
async function fill(url: string, events: number, chunk: number, signal: AbortSignal): Promise<string> {
  const ds = createDataSource({ url, poolSize: 2, statementTimeoutMs: 600_000 });
  await ds.initialize();
  try {
    await runMigrations(ds);
    const modelId = randomUUID();
    await ds.query(
      `INSERT INTO registered_model (id, name, owner, card, created_by, created_at, updated_at)
       VALUES ($1, 'bench-window', 'bench', '{}', 'bench', now(), now())`,
      [modelId],
    );
    const repo = new DriftEventRepository(ds);
    await repo.createEventDayPartition(WINDOW_START);
    const started = performance.now();
    const spacing = (WINDOW_END.getTime() - WINDOW_START.getTime()) / events;
    let reported = 0;
    for (let first = 0; first < events; first += chunk) {
      signal.throwIfAborted();
      const columns: EventColumns = windowColumns(SEED, first, Math.min(chunk, events - first));
      const id = (i: number) => `w-${first + i}`;
      const rows: InferenceEventRow[] = [];
      for (let i = 0; i < columns.count; i++) {
        rows.push({
          eventId: id(i),
          modelId,
          version: 1,
          site: SITE,
          eventTime: new Date(WINDOW_START.getTime() + Math.floor((first + i) * spacing)),
          features: featuresOf(columns, i),
          score: columns.score[i],
          alertShown: columns.score[i] >= ALERT_THRESHOLD,
          submittedBy: 'bench',
        });
      }
      const stored = await repo.insertEvents(rows);
      if (stored.length !== rows.length) throw new Error(`stored ${stored.length} of ${rows.length} events`);
      const outcomes = [];
      const feedback = [];
      for (let i = 0; i < columns.count; i++) {
        if (columns.label[i] >= 0) {
          outcomes.push({
            eventId: id(i),
            label: columns.label[i] as 0 | 1,
            observedAt: WINDOW_END,
            submittedBy: 'ehr',
          });
        }
        if (columns.feedback[i] >= 0) {
          feedback.push({
            eventId: id(i),
            action: feedbackAction(columns.feedback[i]),
            reason: null,
            submittedBy: 'rn',
          });
        }
      }
      await repo.insertOutcomes(ds.manager, outcomes);
      await repo.insertFeedback(ds.manager, feedback);
      const done = first + columns.count;
      if (done - reported >= events / 5 || done === events) {
        reported = done;
        note(`  ${done.toLocaleString('en')} events stored (${fixed((performance.now() - started) / 1000, 1)} s)`);
      }
    }
    // Statistics and the visibility map as a database that has been running a while would have them.
    await ds.query('VACUUM ANALYZE');
    return modelId;
  } finally {
    await ds.destroy();
  }
}

if (process.argv.includes(CHILD_FLAG)) {
  process.once('message', (request: ChildRequest) => {
    measure(request).then(
      (figures) => process.send?.({ kind: 'figures', figures } satisfies ChildMessage, () => process.exit(0)),
      (e: unknown) =>
        process.send?.(
          { kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies ChildMessage,
          () => process.exit(1),
        ),
    );
  });
} else {
  runBenchmark('window-evaluation', 40 * 60_000, async ({ defer, args, signal }) => {
    const events = Number(args.get('events') ?? 1_000_000);
    const rounds = Number(args.get('rounds') ?? 2);
    const chunk = Number(args.get('chunk') ?? 10_000);
    heading(
      `window-evaluation: one window of ${events.toLocaleString('en')} events × ${NUMERIC_FEATURES.length + CATEGORICAL_FEATURES.length} features, every signal, ${rounds} rounds`,
    );
    note(`machine: ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}, ${mib(totalmem())} RAM, Node ${process.version}`);
    const backgroundPct = await backgroundLoadPctOfCore();
    note(`background load before start: ${fixed(backgroundPct, 0)}% of one core (other processes)`);

    const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-window-'));
    defer(() => rm(dir, { recursive: true, force: true }));
    const { path: referencePath, reference } = await buildReference(dir);
    note(
      `reference: ${REFERENCE_ROWS.toLocaleString('en')} rows profiled by profileDataset, fine grids from their values ` +
        `(${reference.features.filter((f) => f.kind === 'numeric').length} numeric, ` +
        `${reference.features.filter((f) => f.kind === 'categorical').length} categorical), AUROC ` +
        `${fixed(reference.performance?.auroc, 3)}`,
    );
    const runs: Figures[] = [];
    const run = async (request: Omit<ChildRequest, 'referencePath' | 'events' | 'chunk'>) => {
      const f = await inChild({ ...request, referencePath, events, chunk }, signal);
      note(
        `  ${f.mode}${f.plan ? ` ${f.plan}` : ''}: ${fixed(f.seconds, 2)} s (CPU ${fixed(f.cpuSeconds, 2)} s), ` +
          `peak RSS ${mib(f.peakRssBytes)}`,
      );
      runs.push(f);
      return f;
    };

    heading('(a) in memory: WindowAggregate.add → summariseWindow → observeReport (each run a fresh process)');
    for (let r = 0; r < rounds; r++) {
      await run({ mode: 'memory' });
      await run({ mode: 'memory-baseline' });
    }

    heading('(b) from PostgreSQL: readWindowEvents → WindowAggregate → summariseWindow → observeReport');
    const database = await freshDatabase(args.get('database-url') ?? process.env.DATABASE_URL, defer, 'window');
    note(`database: ${database.description}`);
    const fillStarted = performance.now();
    const modelId = await fill(database.url, events, chunk, signal);
    const fillS = (performance.now() - fillStarted) / 1000;
    const receivedBy = new Date().toISOString();
    note(`filled in ${fixed(fillS, 1)} s; an unmeasured read first warms PostgreSQL's cache`);
    const pg = { url: database.url, modelId, receivedBy };
    await inChild({ ...pg, mode: 'pg-stream', referencePath, events, chunk, plan: PLANS[0] }, signal);
    for (let r = 0; r < rounds; r++) {
      await run({ ...pg, mode: 'pg-count' });
      for (const plan of PLANS) {
        await run({ ...pg, mode: 'pg', plan });
        await run({ ...pg, mode: 'pg-stream', plan });
      }
    }
    const backgroundAfterPct = await backgroundLoadPctOfCore();

    // Both paths counted the same events: their reports must agree.
    const digests = new Set(runs.filter((f) => f.digest !== null).map((f) => f.digest));
    if (digests.size !== 1) throw new Error(`the runs' reports differ: ${[...digests].join('\n')}`);

    const of = (mode: Mode, plan?: string) =>
      runs.filter((f) => f.mode === mode && (plan === undefined || f.plan === plan));
    const med = (fs: Figures[], pick: (f: Figures) => number) => median(fs.map(pick));
    const seconds = (fs: Figures[]) => med(fs, (f) => f.seconds);
    const peak = (fs: Figures[]) => med(fs, (f) => f.peakRssBytes ?? 0);
    const memory = of('memory');
    const memoryS = seconds(memory);
    const baselineS = seconds(of('memory-baseline'));
    const countS = seconds(of('pg-count'));
    const perPlan = PLANS.map((p) => {
      const name = planName(p);
      return {
        name,
        seconds: seconds(of('pg', name)),
        cpu: med(of('pg', name), (f) => f.cpuSeconds),
        pgCpu: med(of('pg', name), (f) => f.pgCpuSeconds ?? Number.NaN),
        peak: peak(of('pg', name)),
        stream: seconds(of('pg-stream', name)),
        streamPeak: peak(of('pg-stream', name)),
      };
    });
    const chosen = perPlan[0];
    const fastest = perPlan.reduce((a, b) => (b.seconds < a.seconds ? b : a));

    heading('(a) in memory (medians)');
    printTable([
      ['part', 'seconds', 'CPU s', 'peak RSS', 'ratio to baseline'],
      [
        'bare binning of 30 typed columns (baseline)',
        fixed(baselineS, 2),
        fixed(
          med(of('memory-baseline'), (f) => f.cpuSeconds),
          2,
        ),
        mib(peak(of('memory-baseline'))),
        '1.00',
      ],
      [
        'WindowAggregate.add',
        fixed(
          med(memory, (f) => f.addSeconds ?? 0),
          2,
        ),
        '',
        '',
        '',
      ],
      [
        'summariseWindow + observeReport',
        fixed(
          med(memory, (f) => f.summariseSeconds ?? 0),
          3,
        ),
        '',
        '',
        '',
      ],
      [
        'window evaluation, in memory',
        fixed(memoryS, 2),
        fixed(
          med(memory, (f) => f.cpuSeconds),
          2,
        ),
        mib(peak(memory)),
        fixed(memoryS / baselineS, 2),
      ],
    ]);
    note(`idle RSS of a measuring process (reference loaded): ${mib(med(memory, (f) => f.idleRssBytes))}`);

    heading('(b) from PostgreSQL (medians)');
    printTable([
      [
        'read plan',
        'evaluation s',
        'CPU s: Node',
        'PostgreSQL',
        'peak RSS',
        'streaming only s',
        'its peak RSS',
        'eval / stream',
        'eval / count',
      ],
      ...perPlan.map((p) => [
        p.name + (p === chosen ? ' (default)' : ''),
        fixed(p.seconds, 2),
        fixed(p.cpu, 2),
        fixed(p.pgCpu, 2),
        mib(p.peak),
        fixed(p.stream, 2),
        mib(p.streamPeak),
        fixed(p.seconds / p.stream, 2),
        fixed(p.seconds / countS, 1),
      ]),
      [
        'SELECT count(*), sum(score) (baseline)',
        fixed(countS, 2),
        '',
        fixed(
          med(of('pg-count'), (f) => f.pgCpuSeconds ?? Number.NaN),
          2,
        ),
        '',
        '',
        '',
        '',
        '1.0',
      ],
    ]);
    note(
      'evaluation: the whole server path for one window (read, aggregate, summarise, observe every signal); ' +
        'streaming only: the same read with nothing done with the events; count: PostgreSQL alone over the ' +
        `same rows. Fill (ingestion repository: keys + COPY, outcomes, feedback): ${fixed(fillS, 1)} s.`,
    );
    if (Math.max(backgroundPct, backgroundAfterPct) > NOISY_PCT_OF_CORE) {
      note(
        `WARNING: other processes used ${fixed(backgroundPct, 0)}% of a core before and ${fixed(backgroundAfterPct, 0)}% ` +
          'after: on a 2-core machine the times above are inflated; rerun when it is quiet.',
      );
    }

    const scale = events / 1_000_000;
    const e2eTimeMet = chosen.seconds < GOAL_SECONDS * scale;
    const e2eRssMet = chosen.peak > 0 && chosen.peak < GOAL_PEAK_RSS;
    const memTimeMet = memoryS < GOAL_SECONDS * scale;
    const memRssMet = peak(memory) > 0 && peak(memory) < GOAL_PEAK_RSS;
    heading('goals');
    printTable([
      ['goal', 'measured', 'target', 'verdict'],
      [
        `evaluation from PostgreSQL (${chosen.name}), time`,
        `${fixed(chosen.seconds, 2)} s`,
        `< ${fixed(GOAL_SECONDS * scale, 1)} s`,
        verdict(e2eTimeMet),
      ],
      ['evaluation from PostgreSQL, peak RSS', mib(chosen.peak), '< 300 MB', verdict(e2eRssMet)],
      [
        'evaluation in memory, time',
        `${fixed(memoryS, 2)} s`,
        `< ${fixed(GOAL_SECONDS * scale, 1)} s`,
        verdict(memTimeMet),
      ],
      ['evaluation in memory, peak RSS', mib(peak(memory)), '< 300 MB', verdict(memRssMet)],
    ]);
    if (fastest !== chosen) note(`note: ${fastest.name} was faster than the default read plan in this run`);

    printResultLine({
      benchmark: 'window-evaluation',
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, memBytes: totalmem(), node: process.version },
      backgroundLoadPctOfCore: backgroundPct,
      backgroundLoadAfterPctOfCore: backgroundAfterPct,
      events,
      features: NUMERIC_FEATURES.length + CATEGORICAL_FEATURES.length,
      chunk,
      fillSeconds: round(fillS, 1),
      memory: {
        seconds: round(memoryS, 3),
        addSeconds: round(
          med(memory, (f) => f.addSeconds ?? 0),
          3,
        ),
        summariseSeconds: round(
          med(memory, (f) => f.summariseSeconds ?? 0),
          3,
        ),
        peakRssBytes: peak(memory),
        baselineSeconds: round(baselineS, 3),
        ratio: round(memoryS / baselineS, 2),
      },
      postgres: {
        countSeconds: round(countS, 3),
        plans: perPlan.map((p) => ({
          plan: p.name,
          seconds: round(p.seconds, 3),
          cpuSeconds: round(p.cpu, 3),
          pgCpuSeconds: Number.isFinite(p.pgCpu) ? round(p.pgCpu, 3) : null,
          peakRssBytes: p.peak,
          streamSeconds: round(p.stream, 3),
          streamPeakRssBytes: p.streamPeak,
        })),
      },
      runs: runs.map((f) => ({ ...f, digest: undefined })),
      goals: {
        e2eTime: { targetSeconds: GOAL_SECONDS * scale, measuredSeconds: round(chosen.seconds, 3), met: e2eTimeMet },
        e2ePeakRss: { targetBytes: GOAL_PEAK_RSS, measuredBytes: chosen.peak, met: e2eRssMet },
        inMemoryTime: { targetSeconds: GOAL_SECONDS * scale, measuredSeconds: round(memoryS, 3), met: memTimeMet },
        inMemoryPeakRss: { targetBytes: GOAL_PEAK_RSS, measuredBytes: peak(memory), met: memRssMet },
      },
    });
  });
}
