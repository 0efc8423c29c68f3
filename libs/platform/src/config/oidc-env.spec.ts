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

// The OIDC variables are declared once (OidcEnv) and inherited: these check that loadConfig reads and validates
// them through each subclass exactly as it did when each class declared its own.
describe.each([
  { name: 'RegistryEnv', cls: RegistryEnv as new () => RegistryEnv | DriftMonitorEnv, base: {} },
  { name: 'DriftMonitorEnv', cls: DriftMonitorEnv, base: { DATABASE_URL: 'postgres://u:p@db:5432/vigil' } },
])('$name: the OIDC variables', ({ cls, base }) => {
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
    const env = loadConfig(cls, {
      ...base,
      VIGIL_OIDC_ISSUER: 'https://idp.example.org/realms/vigil',
      VIGIL_OIDC_AUDIENCE: 'vigil',
      VIGIL_OIDC_JWKS_URL: 'https://idp.example.org/realms/vigil/certs',
      VIGIL_OIDC_ROLES_CLAIM: 'realm_access.roles',
      VIGIL_OIDC_ROLE_MAPPING: '{"ai-committee":"approver"}',
      VIGIL_OIDC_ATTRIBUTES_CLAIM: 'vigil',
    });
    expect(env).toMatchObject({
      VIGIL_OIDC_ISSUER: 'https://idp.example.org/realms/vigil',
      VIGIL_OIDC_AUDIENCE: 'vigil',
      VIGIL_OIDC_JWKS_URL: 'https://idp.example.org/realms/vigil/certs',
      VIGIL_OIDC_ROLES_CLAIM: 'realm_access.roles',
      VIGIL_OIDC_ROLE_MAPPING: '{"ai-committee":"approver"}',
      VIGIL_OIDC_ATTRIBUTES_CLAIM: 'vigil',
    });
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
