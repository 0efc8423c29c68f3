import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freeLoopbackPorts } from './free-ports';

// dist/tools/bench/support/ → dist/apps/drift-monitor/src/main.js: the same compiled entry the registry forks.
export const DRIFT_MONITOR_MAIN = join(__dirname, '..', '..', '..', 'apps', 'drift-monitor', 'src', 'main.js');
const READY_TIMEOUT_MS = 60_000;
const LOG_TAIL_CHARS = 16 * 1024;

export interface DriftMonitorProcess {
  readonly url: string;
  readonly pid: number;
  logTail(): string;
  /** SIGTERM (the monitor closes its pool and exits, writing a --cpu-prof profile if asked), SIGKILL if it hangs. */
  stop(): Promise<void>;
}

/** Whether the drift monitor app is built: since it took the ingestion routes over, it serves POST /events. */
export function driftMonitorBuilt(): boolean {
  return existsSync(DRIFT_MONITOR_MAIN);
}

/**
 * Starts `node dist/apps/drift-monitor/src/main.js` on loopback against an existing (migrated) database, as
 * embedded mode does, and waits until /healthz answers. `nodeArgs` go before the script (e.g. `--cpu-prof`).
 */
export async function startDriftMonitorProcess(options: {
  databaseUrl: string;
  registryUrl: string;
  nodeArgs?: string[];
}): Promise<DriftMonitorProcess> {
  if (!driftMonitorBuilt()) throw new Error(`${DRIFT_MONITOR_MAIN} is missing: run \`npm run build\` first`);
  const [port] = await freeLoopbackPorts(1);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(VIGIL_|S3_)/.test(key) && key !== 'DATABASE_URL' && key !== 'PORT' && key !== 'HOST') env[key] = value;
  }
  Object.assign(env, {
    DATABASE_URL: options.databaseUrl,
    HOST: '127.0.0.1',
    PORT: String(port),
    VIGIL_LOG_LEVEL: 'warn',
    VIGIL_REGISTRY_URL: options.registryUrl,
  });
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), DRIFT_MONITOR_MAIN], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-LOG_TAIL_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopChild(child, exited);
  try {
    await waitUntilHealthy(url, child, () => log);
    return { url, pid: child.pid!, logTail: () => log, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function waitUntilHealthy(url: string, child: ChildProcess, logTail: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the drift monitor exited during start-up (${child.exitCode ?? child.signalCode}):\n${logTail()}`,
      );
    }
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`the drift monitor did not answer /healthz within ${READY_TIMEOUT_MS / 1000} s:\n${logTail()}`);
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if (await settlesWithin(exited, 15_000)) return;
  child.kill('SIGKILL');
  await settlesWithin(exited, 5_000);
}

async function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  const timer = sleep(ms, false, { ref: false });
  return Promise.race([promise.then(() => true), timer]);
}
