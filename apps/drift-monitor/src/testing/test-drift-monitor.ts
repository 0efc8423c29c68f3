import type { DriftMonitorOptions, TicketSink } from '@vigil/drift-monitor';
import { DriftMonitorEnv, loadConfig } from '@vigil/platform';
import { type JsonApi, jsonApi } from '@vigil/platform/testing';
import { type DriftMonitor, startDriftMonitor } from '../bootstrap/drift-monitor';

export interface TestDriftMonitor {
  monitor: DriftMonitor;
  url: string;
  /** JSON calls to this server; `token` defaults to the one given at start. */
  api: JsonApi;
  stop(): Promise<void>;
}

/**
 * A real drift monitor on a random loopback port over an existing, migrated database (typically the one a test
 * registry made: `startTestControlPlane().db.url`). `token` is sent when a call names none; the monitor has no
 * token of its own, it honours the registry's.
 */
export async function startTestDriftMonitor(
  databaseUrl: string,
  opts: {
    env?: Record<string, string>;
    token?: string;
    retentionSweepIntervalMs?: number;
    evaluation?: Partial<DriftMonitorOptions>;
    sinks?: TicketSink[];
  } = {},
): Promise<TestDriftMonitor> {
  const config = loadConfig(DriftMonitorEnv, {
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    VIGIL_LOG_LEVEL: 'warn',
    VIGIL_DB_POOL_SIZE: '4',
    ...opts.env,
  });
  const monitor = await startDriftMonitor(config, {
    // Quiet (warnings only) unless the test chose a level.
    quiet: opts.env?.VIGIL_LOG_LEVEL === undefined,
    retentionSweepIntervalMs: opts.retentionSweepIntervalMs ?? 0,
    // No timers unless a test asks: tests drive evaluation, delivery and the metrics refresh themselves.
    evaluation: { evaluationIntervalMs: 0, dispatchIntervalMs: 0, metricsRefreshIntervalMs: 0, ...opts.evaluation },
    sinks: opts.sinks ?? [],
  });

  const api = jsonApi(monitor.url, opts.token);

  return {
    monitor,
    url: monitor.url,
    api,
    stop: () => monitor.close(),
  };
}
