import { DriftMonitorEnv } from './drift-monitor-env';
import { ConfigError, loadConfig } from './load-config';
import { RegistryEnv } from './registry-env';

describe('DriftMonitorEnv', () => {
  it('needs DATABASE_URL (the monitor has no database of its own) and never echoes it', () => {
    expect(() => loadConfig(DriftMonitorEnv, {})).toThrow(ConfigError);
    expect(() => loadConfig(DriftMonitorEnv, {})).toThrow(/DATABASE_URL must be the registry's postgres:\/\/ URL/);
    expect(() => loadConfig(DriftMonitorEnv, { DATABASE_URL: 'mysql://u:hunter2@db/x' })).not.toThrow(/hunter2/);
  });

  it('has the documented defaults', () => {
    const env = loadConfig(DriftMonitorEnv, { DATABASE_URL: 'postgres://u:p@db:5432/vigil' });
    expect(env).toMatchObject({
      PORT: 8081,
      HOST: '0.0.0.0',
      VIGIL_LOG_LEVEL: 'info',
      VIGIL_DB_POOL_SIZE: 10,
      VIGIL_EVENT_RETENTION_DAYS: 90,
      VIGIL_INGEST_BODY_LIMIT_BYTES: 32 * 1024 * 1024,
      VIGIL_TOKEN_CACHE_MS: 5000,
      VIGIL_REGISTRY_URL: 'http://localhost:8080',
      VIGIL_OIDC_ROLES_CLAIM: 'roles',
    });
    expect(env.VIGIL_OIDC_ISSUER).toBeUndefined();
  });

  it('reads numbers and names every bad variable at once', () => {
    const env = loadConfig(DriftMonitorEnv, {
      DATABASE_URL: 'postgresql://db/vigil',
      PORT: '0',
      VIGIL_INGEST_BODY_LIMIT_BYTES: String(64 * 1024 * 1024),
    });
    expect([env.PORT, env.VIGIL_INGEST_BODY_LIMIT_BYTES]).toEqual([0, 64 * 1024 * 1024]);
    let error: ConfigError | undefined;
    try {
      loadConfig(DriftMonitorEnv, {
        DATABASE_URL: 'postgres://db/vigil',
        VIGIL_INGEST_BODY_LIMIT_BYTES: '1000',
        VIGIL_REGISTRY_URL: 'not a url',
        VIGIL_OIDC_ISSUER: 'https://idp.example.org',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems.join('\n')).toMatch(/VIGIL_INGEST_BODY_LIMIT_BYTES/);
    expect(error?.problems.join('\n')).toMatch(/VIGIL_REGISTRY_URL/);
    expect(error?.problems.join('\n')).toMatch(/VIGIL_OIDC_AUDIENCE is required/);
  });
});

describe('RegistryEnv: the embedded drift monitor', () => {
  it('is on by default on port 8081, and can be turned off or moved', () => {
    expect(loadConfig(RegistryEnv, {})).toMatchObject({ VIGIL_EMBEDDED_MONITOR: true, VIGIL_MONITOR_PORT: 8081 });
    expect(loadConfig(RegistryEnv, { VIGIL_EMBEDDED_MONITOR: 'false', VIGIL_MONITOR_PORT: '9091' })).toMatchObject({
      VIGIL_EMBEDDED_MONITOR: false,
      VIGIL_MONITOR_PORT: 9091,
    });
    expect(() => loadConfig(RegistryEnv, { VIGIL_MONITOR_PORT: '0' })).toThrow(/VIGIL_MONITOR_PORT/);
  });
});
