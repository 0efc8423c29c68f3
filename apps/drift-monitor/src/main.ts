import 'reflect-metadata';
import { ConfigError, DriftMonitorEnv, loadConfig } from '@vigil/platform';
import { SchemaBehindError } from './bootstrap/schema-check';
import { startDriftMonitor } from './bootstrap/drift-monitor';

/** Exit codes a supervisor (the embedded registry, Kubernetes) can tell apart. */
const EXIT_BAD_CONFIG = 2;
const EXIT_SCHEMA_BEHIND = 3;

async function main(): Promise<void> {
  let env: DriftMonitorEnv;
  try {
    env = loadConfig(DriftMonitorEnv);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`vigil drift monitor: ${e.message}\n`);
      process.exit(EXIT_BAD_CONFIG);
    }
    throw e;
  }
  let monitor: Awaited<ReturnType<typeof startDriftMonitor>>;
  try {
    monitor = await startDriftMonitor(env);
  } catch (e) {
    if (e instanceof SchemaBehindError) {
      process.stderr.write(`vigil drift monitor: ${e.message}\n`);
      process.exit(EXIT_SCHEMA_BEHIND);
    }
    throw e;
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    monitor.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Started by the embedded registry (fork): if that parent dies without stopping us, stop too, not linger.
  if (process.send) process.once('disconnect', stop);
}

main().catch((e: unknown) => {
  const code = (e as { code?: unknown }).code;
  if (code === 'EADDRINUSE') {
    process.stderr.write(
      `vigil drift monitor: could not start: ${(e as Error).message} (another program holds the port; set PORT, ` +
        'or VIGIL_MONITOR_PORT when the registry starts the monitor)\n',
    );
  } else {
    process.stderr.write(`vigil drift monitor: could not start: ${e instanceof Error ? e.stack : String(e)}\n`);
  }
  process.exit(1);
});
