import { isRole, type Role } from '@vigil/domain';
import { ConfigError } from '../config/load-config';
import { OidcVerifier } from './oidc-verifier';

/** The OIDC variables, as both the registry and the drift monitor declare them. */
export interface OidcEnvSettings {
  VIGIL_OIDC_ISSUER?: string;
  VIGIL_OIDC_AUDIENCE?: string;
  VIGIL_OIDC_JWKS_URL?: string;
  VIGIL_OIDC_ROLES_CLAIM: string;
  VIGIL_OIDC_ROLE_MAPPING?: string;
  VIGIL_OIDC_ATTRIBUTES_CLAIM?: string;
}

/** The OIDC verifier when an issuer is configured; a bad role mapping stops the start with its variable named. */
export function oidcVerifierFromEnv(env: OidcEnvSettings): OidcVerifier | null {
  if (!env.VIGIL_OIDC_ISSUER || !env.VIGIL_OIDC_AUDIENCE || !env.VIGIL_OIDC_JWKS_URL) return null;
  let roleMapping: Record<string, Role> | undefined;
  if (env.VIGIL_OIDC_ROLE_MAPPING) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.VIGIL_OIDC_ROLE_MAPPING);
    } catch {
      throw new ConfigError(['VIGIL_OIDC_ROLE_MAPPING must be a JSON object such as {"ai-committee":"approver"}']);
    }
    const entries = Object.entries(parsed as Record<string, unknown>);
    const bad = entries.filter(([, v]) => !isRole(v)).map(([k]) => k);
    if (typeof parsed !== 'object' || parsed === null || bad.length > 0) {
      throw new ConfigError([`VIGIL_OIDC_ROLE_MAPPING maps ${bad.join(', ') || 'something'} to an unknown Vigil role`]);
    }
    roleMapping = Object.fromEntries(entries) as Record<string, Role>;
  }
  return new OidcVerifier({
    issuer: env.VIGIL_OIDC_ISSUER,
    audience: env.VIGIL_OIDC_AUDIENCE,
    jwksUrl: env.VIGIL_OIDC_JWKS_URL,
    rolesClaim: env.VIGIL_OIDC_ROLES_CLAIM,
    roleMapping,
    attributesClaim: env.VIGIL_OIDC_ATTRIBUTES_CLAIM,
  });
}
