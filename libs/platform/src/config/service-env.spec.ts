import { DriftMonitorEnv } from './drift-monitor-env';
import { ConfigError, loadConfig } from './load-config';
import { RegistryEnv } from './registry-env';

const problemsOf = (load: () => unknown): string[] => {
  try {
    load();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

// The variables both services read are declared once (ServiceEnv, OidcEnv) and inherited: these check that
// loadConfig reads and validates them through each subclass exactly as it did when each class declared its own.
const services = [
  { name: 'RegistryEnv', cls: RegistryEnv as new () => RegistryEnv | DriftMonitorEnv, base: {} },
  { name: 'DriftMonitorEnv', cls: DriftMonitorEnv, base: { DATABASE_URL: 'postgres://u:p@db:5432/vigil' } },
];

describe.each(services)('$name: the shared service variables', ({ cls, base }) => {
  it('have the same defaults', () => {
    expect(loadConfig(cls, base)).toMatchObject({
      HOST: '0.0.0.0',
      VIGIL_LOG_LEVEL: 'info',
      VIGIL_DB_POOL_SIZE: 10,
      VIGIL_EVENT_RETENTION_DAYS: 90,
      VIGIL_TOKEN_CACHE_MS: 5000,
    });
  });

  it('read numbers from text', () => {
    const env = loadConfig(cls, {
      ...base,
      HOST: '127.0.0.1',
      VIGIL_LOG_LEVEL: 'debug',
      VIGIL_DB_POOL_SIZE: '4',
      VIGIL_EVENT_RETENTION_DAYS: '30',
      VIGIL_TOKEN_CACHE_MS: '0',
    });
    expect([env.HOST, env.VIGIL_LOG_LEVEL, env.VIGIL_DB_POOL_SIZE]).toEqual(['127.0.0.1', 'debug', 4]);
    expect([env.VIGIL_EVENT_RETENTION_DAYS, env.VIGIL_TOKEN_CACHE_MS]).toEqual([30, 0]);
  });

  it('refuse values out of range, naming each variable', () => {
    const problems = problemsOf(() =>
      loadConfig(cls, {
        ...base,
        VIGIL_LOG_LEVEL: 'loud',
        VIGIL_DB_POOL_SIZE: '0',
        VIGIL_EVENT_RETENTION_DAYS: '4000',
        VIGIL_TOKEN_CACHE_MS: '70000',
      }),
    );
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual([
      'VIGIL_DB_POOL_SIZE',
      'VIGIL_EVENT_RETENTION_DAYS',
      'VIGIL_LOG_LEVEL',
      'VIGIL_TOKEN_CACHE_MS',
    ]);
  });
});

describe.each(services)('$name: the OIDC variables', ({ cls, base }) => {
  it('are off by default, with the roles claim defaulting to `roles`', () => {
    const env = loadConfig(cls, base);
    expect(env.VIGIL_OIDC_ISSUER).toBeUndefined();
    expect(env.VIGIL_OIDC_AUDIENCE).toBeUndefined();
    expect(env.VIGIL_OIDC_JWKS_URL).toBeUndefined();
    expect(env.VIGIL_OIDC_ROLES_CLAIM).toBe('roles');
    expect(env.VIGIL_OIDC_ROLE_MAPPING).toBeUndefined();
    expect(env.VIGIL_OIDC_ATTRIBUTES_CLAIM).toBeUndefined();
  });

  it('are all read, including those without a default', () => {
    const oidc = {
      VIGIL_OIDC_ISSUER: 'https://idp.example.org/realms/vigil',
      VIGIL_OIDC_AUDIENCE: 'vigil',
      VIGIL_OIDC_JWKS_URL: 'https://idp.example.org/realms/vigil/certs',
      VIGIL_OIDC_ROLES_CLAIM: 'realm_access.roles',
      VIGIL_OIDC_ROLE_MAPPING: '{"ai-committee":"approver"}',
      VIGIL_OIDC_ATTRIBUTES_CLAIM: 'vigil',
    };
    expect(loadConfig(cls, { ...base, ...oidc })).toMatchObject(oidc);
  });

  it('need an audience and a JWKS URL once an issuer is set, with the same words in both services', () => {
    const problems = problemsOf(() => loadConfig(cls, { ...base, VIGIL_OIDC_ISSUER: 'https://idp.example.org' }));
    expect(problems).toEqual([
      'VIGIL_OIDC_AUDIENCE is required when VIGIL_OIDC_ISSUER is set (got undefined)',
      "VIGIL_OIDC_JWKS_URL must be the issuer's JWKS URL (got undefined)",
    ]);
  });

  it('refuse an issuer or a JWKS address that is not a URL', () => {
    const problems = problemsOf(() =>
      loadConfig(cls, {
        ...base,
        VIGIL_OIDC_ISSUER: 'idp.example.org',
        VIGIL_OIDC_AUDIENCE: 'vigil',
        VIGIL_OIDC_JWKS_URL: 'certs',
      }),
    );
    expect(problems).toEqual([
      'VIGIL_OIDC_ISSUER must be a URL address (got "idp.example.org")',
      'VIGIL_OIDC_JWKS_URL must be the issuer\'s JWKS URL (got "certs")',
    ]);
  });
});
