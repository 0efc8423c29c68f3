import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RegistryEnv } from '@vigil/platform';
import type { Logger } from 'pino';

/** dist/apps/registry/src/bootstrap/ → dist/apps/drift-monitor/src/main.js (what `npm run build` writes). */
export const DRIFT_MONITOR_MAIN = join(__dirname, '..', '..', '..', 'drift-monitor', 'src', 'main.js');

const FIRST_RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30_000;
/** A run this long counts as healthy: the next crash restarts after the first delay again. */
const HEALTHY_RUN_MS = 60_000;
const STOP_GRACE_MS = 10_000;

export interface EmbeddedMonitor {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedMonitorOptions {
  /** The compiled monitor to run (tests point this elsewhere). */
  script?: string;
  firstRestartDelayMs?: number;
}

/**
 * Embedded mode (`npm start`): the drift monitor is its own service, so it runs as a child process of the
 * registry, on the registry's database (already migrated when this is called). A crash is logged with its exit
 * code or signal and the monitor is started again, waiting longer after each quick crash (1 s, 2 s, 4 s … 30 s).
 * An exit with code 0 means it was told to stop, and it stays stopped. If the registry dies without stopping it,
 * the monitor notices the closed IPC channel and stops by itself.
 */
export function startEmbeddedMonitor(
  env: RegistryEnv,
  databaseUrl: string,
  log: Logger,
  options: EmbeddedMonitorOptions = {},
): EmbeddedMonitor | null {
  const script = options.script ?? DRIFT_MONITOR_MAIN;
  const url = `http://localhost:${env.VIGIL_MONITOR_PORT}`;
  if (!existsSync(script)) {
    log.warn({ script }, 'drift monitor not built (run `npm run build`); starting the registry without it');
    return null;
  }
  const firstDelay = options.firstRestartDelayMs ?? FIRST_RESTART_DELAY_MS;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(env.VIGIL_MONITOR_PORT),
    HOST: env.HOST,
    VIGIL_LOG_LEVEL: env.VIGIL_LOG_LEVEL,
    VIGIL_EVENT_RETENTION_DAYS: String(env.VIGIL_EVENT_RETENTION_DAYS),
    VIGIL_TOKEN_CACHE_MS: String(env.VIGIL_TOKEN_CACHE_MS),
    VIGIL_REGISTRY_URL: `http://localhost:${env.PORT}`,
  };

  let child: ChildProcess | undefined;
  let stopping = false;
  let delay = firstDelay;
  let restartTimer: NodeJS.Timeout | undefined;

  const launch = () => {
    const startedAt = Date.now();
    const current = fork(script, [], { env: childEnv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child = current;
    current.once('exit', (code, signal) => {
      if (child === current) child = undefined;
      if (stopping || code === 0) return;
      if (Date.now() - startedAt >= HEALTHY_RUN_MS) delay = firstDelay;
      log.warn(
        { exitCode: code, signal, restartInMs: delay },
        'drift monitor exited unexpectedly (an error it printed, if any, is just above); restarting it',
      );
      restartTimer = setTimeout(launch, delay);
      delay = Math.min(delay * 2, MAX_RESTART_DELAY_MS);
    });
  };
  launch();

  return {
    url,
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGTERM');
      const timer = setTimeout(() => running.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
