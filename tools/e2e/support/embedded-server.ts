import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { findFreePort } from '@vigil/persistence';

export const ROOT = resolve(__dirname, '../../..');
const SERVER = join(ROOT, 'dist/apps/registry/src/main.js');

export interface EmbeddedServer {
  url: string;
  /** Everything the server printed so far. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * The compiled registry started as a user starts it (`npm start`): embedded PostgreSQL and local artifacts under
 * `<dir>/.vigil`, on free loopback ports. Resolves once /readyz answers 200.
 */
export async function startEmbeddedServer(dir: string, env: Record<string, string> = {}): Promise<EmbeddedServer> {
  const httpPort = await findFreePort();
  const pgPort = await findFreePort();
  // The embedded drift monitor the server forks gets its own free port, so suites running side by side never
  // contend for the default 8081.
  const monitorPort = await findFreePort();
  const url = `http://127.0.0.1:${httpPort}`;
  let log = '';
  const server: ChildProcess = spawn(process.execPath, [SERVER], {
    cwd: dir,
    env: {
      ...process.env,
      VIGIL_DATA_DIR: join(dir, '.vigil'),
      PORT: String(httpPort),
      HOST: '127.0.0.1',
      VIGIL_EMBEDDED_PG_PORT: String(pgPort),
      VIGIL_MONITOR_PORT: String(monitorPort),
      VIGIL_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const stop = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited: ${log}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, log: () => log, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`server did not become ready: ${log}`);
}
