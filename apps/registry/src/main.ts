import 'reflect-metadata';
import pino from 'pino';
import { ConfigError, RegistryEnv, SECRET_PATHS, loadConfig } from '@vigil/platform';
import { startControlPlane } from './bootstrap/control-plane';
import { startEmbeddedMonitor } from './bootstrap/embedded-monitor';
import { startEmbeddedRunner } from './bootstrap/embedded-runner';

async function main(): Promise<void> {
  let env: RegistryEnv;
  try {
    env = loadConfig(RegistryEnv);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`vigil: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const plane = await startControlPlane(env);
  process.stdout.write(
    `${JSON.stringify({ level: 30, time: Date.now(), msg: 'Vigil registry listening', url: `http://localhost:${env.PORT}`, docs: `http://localhost:${env.PORT}/api/docs`, adminTokenFile: plane.adminTokenFile })}\n`,
  );
  // Embedded mode is the whole control plane: the drift monitor too, as its own process on its own port.
  const monitor =
    env.VIGIL_MODE === 'embedded' && env.VIGIL_EMBEDDED_MONITOR
      ? startEmbeddedMonitor(
          env,
          plane.databaseUrl,
          pino({ level: env.VIGIL_LOG_LEVEL, base: { context: 'EmbeddedMonitor' }, redact: SECRET_PATHS }),
        )
      : null;
  if (monitor) {
    process.stdout.write(
      `${JSON.stringify({ level: 30, time: Date.now(), msg: 'Vigil drift monitor starting', url: monitor.url, ingest: `${monitor.url}/api/v1/events` })}\n`,
    );
  }
  const runner =
    env.VIGIL_MODE === 'embedded' && env.VIGIL_EMBEDDED_RUNNER ? await startEmbeddedRunner(env, plane) : null;
  const stop = () => {
    Promise.resolve(runner?.stop())
      // The monitor goes before PostgreSQL, so it never sees its database vanish.
      .then(() => monitor?.stop())
      .then(() => plane.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`vigil: could not start: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
