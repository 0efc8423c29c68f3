import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { profileDataset } from '@vigil/datasets';
import { scoreHistogram } from '@vigil/drift';
import {
  DEFAULT_DRIFT_MONITOR_OPTIONS,
  DriftEvaluationModule,
  TicketDispatcher,
  type TicketSink,
  WindowEvaluator,
} from '@vigil/drift-monitor';
import { createDataSource, PersistenceModule } from '@vigil/persistence';
import { mulberry32 } from '@vigil/stats';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
// The monitor's tests need what only the registry makes (models, approvals, deployments, tickets API).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startTestControlPlane, type TestControlPlane } from '../../../registry/src/testing/test-control-plane';
import { deployForIngestion } from './registry-setup';
import { startTestDriftMonitor, type TestDriftMonitor } from './test-drift-monitor';

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** A seeded normal draw (Box–Muller). */
export function normal(random: () => number, mean: number, sd: number): number {
  const u = Math.max(random(), 1e-12);
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** The reference performance a passed validation stored, as the `*_drop` signals compare against it. */
export interface ReferencePerformance {
  auroc: number;
  sensitivity: number;
  ppv: number;
}

/**
 * Stores, as a validation run would have, a passed validation of `model@version` at each site on a reference
 * dataset (lactate ~ N(2, 0.5), heart_rate ~ N(90, 10), sex F/M, 20% positive labels; scores ~ N(0.3, 0.1)):
 * the dataset's profile, the model's score deciles on it and its performance. The monitor freezes its
 * reference from these rows.
 */
export async function storeValidationReference(
  db: DataSource,
  opts: { sites: string[]; model?: string; version?: number; performance?: ReferencePerformance; seed?: number },
): Promise<void> {
  const model = opts.model ?? 'sepsis-risk';
  const performance = opts.performance ?? { auroc: 0.8, sensitivity: 0.7, ppv: 0.4 };
  const dir = mkdtempSync(join(tmpdir(), 'vigil-ref-'));
  try {
    const random = mulberry32(opts.seed ?? 42);
    const rows = ['lactate,heart_rate,sex,label'];
    const scores: number[] = [];
    for (let i = 0; i < 4000; i++) {
      rows.push(
        `${normal(random, 2, 0.5)},${normal(random, 90, 10)},${random() < 0.5 ? 'F' : 'M'},${random() < 0.2 ? 1 : 0}`,
      );
      scores.push(Math.min(1, Math.max(0, normal(random, 0.3, 0.1))));
    }
    writeFileSync(join(dir, 'ref.csv'), `${rows.join('\n')}\n`);
    const profile = await profileDataset(join(dir, 'ref.csv'), { labelColumn: 'label', subgroupColumns: ['sex'] });
    const [version]: { id: string }[] = await db.query(
      `SELECT v.id FROM model_version v JOIN registered_model m ON m.id = v.model_id WHERE m.name = $1 AND v.version = $2`,
      [model, opts.version ?? 1],
    );
    for (const site of opts.sites) {
      const datasetId = randomUUID();
      const runId = randomUUID();
      await db.query(
        `INSERT INTO site_dataset (id, site, name, storage, uri, checksum, format, row_count, label_column, subgroup_columns, profile, registered_by, created_at)
         VALUES ($1, $2, 'icu-ref', 'reference', 'file:///ref.csv', repeat('a', 64), 'csv', 4000, 'label', '["sex"]', $3, 'test', now())`,
        [datasetId, site, JSON.stringify(profile)],
      );
      await db.query(
        `INSERT INTO validation_run (id, model_version_id, status, requested_by, created_at, finished_at) VALUES ($1, $2, 'passed', 'test', now(), now())`,
        [runId, version.id],
      );
      await db.query(
        `INSERT INTO validation_job (id, run_id, site_dataset_id, site, status, queue_name, result, finished_at)
         VALUES ($1, $2, $3, $4, 'passed', 'validation', $5, now())`,
        [
          randomUUID(),
          runId,
          datasetId,
          site,
          JSON.stringify({ ...performance, scoreDeciles: scoreHistogram(scores) }),
        ],
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface EvaluationReplica {
  app: INestApplicationContext;
  evaluator: WindowEvaluator;
  dispatcher: TicketDispatcher;
  close(): Promise<void>;
}

/**
 * One drift-monitor replica's periodic side (window evaluation and ticket delivery) on its own connection pool,
 * as a second monitor process would have, with nothing on timers: the test drives every pass with its clock.
 */
export async function startEvaluationReplica(
  url: string,
  opts: { sinks?: TicketSink[] } = {},
): Promise<EvaluationReplica> {
  const dataSource = createDataSource({ url, poolSize: 3 });
  await dataSource.initialize();
  @Module({
    imports: [
      PersistenceModule.forDataSource(dataSource),
      DriftEvaluationModule.register({
        options: {
          ...DEFAULT_DRIFT_MONITOR_OPTIONS,
          registryUrl: 'https://vigil.example.org',
          instanceName: `replica-${randomUUID().slice(0, 8)}`,
          evaluationIntervalMs: 0,
          dispatchIntervalMs: 0,
          metricsRefreshIntervalMs: 0,
        },
        sinks: opts.sinks ?? [],
        metricsRegistry: new Registry(),
      }),
    ],
  })
  class ReplicaHost {}
  const app = await NestFactory.createApplicationContext(ReplicaHost, { logger: false });
  return {
    app,
    evaluator: app.get(WindowEvaluator),
    dispatcher: app.get(TicketDispatcher),
    async close() {
      await app.close();
      await dataSource.destroy();
    },
  };
}

/** What `startInputShiftScenario` started, and how to post more windows. */
export interface InputShiftScenario {
  t: TestControlPlane;
  m: TestDriftMonitor;
  db: DataSource;
  /** The start (ms) of hourly window k. */
  win(k: number): number;
  /** Posts 500 events of window k at `site` through the monitor; `shifted` moves lactate from 2 to 4.5. */
  postWindow(site: string, k: number, shifted: boolean, seed: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A registry and a drift monitor on one fresh database with `sepsis-risk@1` deployed at site-a and site-b, a
 * validation reference at both, and an `input_psi` policy (2 crossed hourly windows open a ticket, 2 recovered
 * ones close it, escalation to the CMIO after 30 minutes unacknowledged). Windows W0…W3 (hourly, from 8 hours
 * ago) are posted: site-a like the reference, site-b's lactate shifted from W1 on. Evaluating at
 * `win(4) + 31 min` opens VGL-1 for site-b (on W2) and records W3 on it. `extraSignals` adds rules to the policy.
 */
export async function startInputShiftScenario(
  opts: { extraSignals?: Record<string, unknown>[] } = {},
): Promise<InputShiftScenario> {
  const t = await startTestControlPlane();
  let m: TestDriftMonitor | undefined;
  try {
    const db = t.db.dataSource;
    const { node } = await deployForIngestion(t, { sites: ['site-a', 'site-b'] });
    m = await startTestDriftMonitor(t.db.url, { token: node });
    const monitor = m;
    await storeValidationReference(db, { sites: ['site-a', 'site-b'] });
    const policy = {
      window: '1h',
      minEvents: 50,
      evaluationDelay: '30m',
      signals: [
        {
          signal: 'input_psi',
          threshold: 0.25,
          recovery: 0.1,
          consecutiveWindows: 2,
          recoveryWindows: 2,
          severity: 'high',
          owner: 'dr.rivera@hospital.org',
          escalation: { after: '30m', to: 'cmio@hospital.org' },
          coolDown: '1d',
        },
        ...(opts.extraSignals ?? []),
      ],
    };
    const set = await t.api('PUT', '/api/v1/models/sepsis-risk/monitoring-policy', { json: policy });
    if (set.status !== 200) throw new Error(`policy: ${set.status} ${JSON.stringify(set.body)}`);

    const base = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 8 * HOUR_MS;
    const win = (k: number) => base + k * HOUR_MS;
    const postWindow = async (site: string, k: number, shifted: boolean, seed: number) => {
      const random = mulberry32(seed);
      const events = Array.from({ length: 500 }, (_, i) => ({
        eventId: `${site}-w${k}-${i}`,
        model: 'sepsis-risk',
        version: 1,
        site,
        time: new Date(win(k) + Math.floor((i * HOUR_MS) / 500)).toISOString(),
        features: {
          lactate: normal(random, shifted ? 4.5 : 2, 0.5),
          heart_rate: normal(random, 90, 10),
          sex: random() < 0.5 ? 'F' : 'M',
        },
        score: Math.min(1, Math.max(0, normal(random, 0.3, 0.1))),
        alertShown: false,
      }));
      const res = await monitor.api('POST', '/api/v1/events', { json: { events } });
      if (res.status !== 200) throw new Error(`ingest: ${res.status} ${JSON.stringify(res.body)}`);
    };
    for (let k = 0; k < 4; k++) {
      await postWindow('site-a', k, false, 100 + k);
      await postWindow('site-b', k, k >= 1, 200 + k);
    }
    return {
      t,
      m: monitor,
      db,
      win,
      postWindow,
      async stop() {
        await monitor.stop();
        await t.stop();
      },
    };
  } catch (error) {
    await m?.stop();
    await t.stop();
    throw error;
  }
}
