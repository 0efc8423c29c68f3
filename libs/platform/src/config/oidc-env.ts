import { IsOptional, IsString, IsUrl, ValidateIf } from 'class-validator';

/**
 * The OIDC variables the registry and the drift monitor both read: the same people reach both with their
 * identity-provider tokens, so the two services must accept and refuse the same settings. Their env classes
 * extend this one; `loadConfig` sees these validators through the subclass (class-validator and
 * class-transformer both walk the prototype chain). See docs/identity.md.
 */
export class OidcEnv {
  /** Accept access tokens from this issuer (people only; JWKS, audience and issuer checked). */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  VIGIL_OIDC_ISSUER?: string;

  @ValidateIf((e: OidcEnv) => e.VIGIL_OIDC_ISSUER !== undefined)
  @IsString({ message: 'VIGIL_OIDC_AUDIENCE is required when VIGIL_OIDC_ISSUER is set' })
  VIGIL_OIDC_AUDIENCE?: string;

  @ValidateIf((e: OidcEnv) => e.VIGIL_OIDC_ISSUER !== undefined)
  @IsUrl(
    { require_tld: false, require_protocol: true },
    { message: "VIGIL_OIDC_JWKS_URL must be the issuer's JWKS URL" },
  )
  VIGIL_OIDC_JWKS_URL?: string;

  /** Dot path of the claim holding the caller's roles, e.g. realm_access.roles. */
  @IsString()
  VIGIL_OIDC_ROLES_CLAIM = 'roles';

  /** JSON object mapping identity-provider role names to Vigil roles, e.g. {"ai-committee":"approver"}. */
  @IsOptional()
  @IsString()
  VIGIL_OIDC_ROLE_MAPPING?: string;

  @IsOptional()
  @IsString()
  VIGIL_OIDC_ATTRIBUTES_CLAIM?: string;
}
