import { isRole, type Role } from '@vigil/domain';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { ConfigError } from '../config/load-config';
import { readClaimPath, readStringList } from './claim-path';
import { OidcTokenError } from './oidc-token.errors';

export interface OidcVerifierConfig {
  /** Compared exactly with the token's `iss` (a trailing slash matters). */
  issuer: string;
  /** The `aud` value (or values) the IdP puts in access tokens meant for Vigil. */
  audience: string | readonly string[];
  /** https, or http only to a loopback address: keys fetched in clear text could be swapped on the way. */
  jwksUrl: string;
  /** Dot path to the IdP role names, e.g. `realm_access.roles` or `vigil_roles`. */
  rolesClaim: string;
  /**
   * IdP role name → Vigil role. When given, only the names listed here grant anything, so an IdP role that
   * happens to be called `admin` for another application does not make someone a Vigil admin. When absent,
   * IdP role names that are Vigil role names are taken as they are.
   */
  roleMapping?: Readonly<Record<string, Role>>;
  /** Dot path to attribute names such as `clinical-lead`, which approval policies can require. */
  attributesClaim?: string;
  nameClaim?: string;
  emailClaim?: string;
  clockToleranceSec?: number;
  algorithms?: readonly string[];
  /** Minimum time between two JWKS fetches triggered by unknown key ids, so forged kids cannot flood the IdP. */
  jwksCooldownMs?: number;
  /** How long a fetched JWKS is used before it is fetched again regardless. */
  jwksCacheMaxAgeMs?: number;
  jwksTimeoutMs?: number;
}

/** A person as the IdP vouches for them, in Vigil's terms. */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  /** The printed name an e-signature records; null when the IdP sends none. */
  name: string | null;
  email: string | null;
  /** The IdP's `email_verified`, null when it does not say; never link accounts by an unverified address. */
  emailVerified: boolean | null;
  roles: Role[];
  attributes: string[];
  /** When the person last entered their credentials at the IdP (`auth_time`), which signing checks. */
  authTime: Date | null;
  expiresAt: Date;
}

// jose's defaults today, pinned here so an upgrade cannot silently change what docs/identity.md promises.
const DEFAULT_JWKS_COOLDOWN_MS = 30_000;
const DEFAULT_JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;
const DEFAULT_JWKS_TIMEOUT_MS = 5_000;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Verifies OIDC access tokens (JWTs) against the configured issuer's published keys and turns them into an
 * `OidcIdentity`. Every refusal is an `OidcTokenError` whose reason says what to fix.
 */
export class OidcVerifier {
  private readonly issuer: string;
  private readonly audience: string | string[];
  private readonly jwksUrl: URL;
  private readonly rolesClaim: string;
  private readonly roleMapping: Readonly<Record<string, Role>> | null;
  private readonly attributesClaim: string | null;
  private readonly nameClaim: string;
  private readonly emailClaim: string;
  private readonly clockToleranceSec: number;
  private readonly algorithms: string[];
  private readonly keys: JWTVerifyGetKey;

  constructor(config: OidcVerifierConfig) {
    const jwksUrl = checkConfig(config);
    this.issuer = config.issuer;
    this.audience = typeof config.audience === 'string' ? config.audience : [...config.audience];
    this.jwksUrl = jwksUrl;
    this.rolesClaim = config.rolesClaim;
    this.roleMapping = config.roleMapping ?? null;
    this.attributesClaim = config.attributesClaim ?? null;
    this.nameClaim = config.nameClaim ?? 'name';
    this.emailClaim = config.emailClaim ?? 'email';
    this.clockToleranceSec = config.clockToleranceSec ?? 30;
    this.algorithms = [...(config.algorithms ?? ['RS256', 'ES256'])];
    const remote = createRemoteJWKSet(jwksUrl, {
      cooldownDuration: config.jwksCooldownMs ?? DEFAULT_JWKS_COOLDOWN_MS,
      cacheMaxAge: config.jwksCacheMaxAgeMs ?? DEFAULT_JWKS_CACHE_MAX_AGE_MS,
      timeoutDuration: config.jwksTimeoutMs ?? DEFAULT_JWKS_TIMEOUT_MS,
    });
    // Fetch failures surface from inside jwtVerify as bare network errors; catching them at the key lookup is the
    // one place where "the IdP is unreachable" can be told apart from "the token is bad".
    this.keys = async (header, token) => {
      try {
        return await remote(header, token);
      } catch (err) {
        throw this.keyLookupError(err, header.kid);
      }
    };
  }

  async verify(token: string): Promise<OidcIdentity> {
    const parts = typeof token === 'string' ? token.split('.').length : 0;
    if (parts === 5) {
      throw new OidcTokenError(
        'malformed',
        'The bearer credential is an encrypted JWT (JWE); Vigil accepts signed ones.',
      );
    }
    if (parts !== 3) {
      throw new OidcTokenError('malformed', 'The bearer credential is neither a Vigil API token nor a signed JWT.');
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: this.algorithms,
        clockTolerance: this.clockToleranceSec,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (err) {
      throw this.verificationError(err, token);
    }
    return this.toIdentity(payload);
  }

  private toIdentity(payload: JWTPayload): OidcIdentity {
    if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
      throw new OidcTokenError('malformed', 'The access token has no usable "sub" (subject) claim.');
    }
    const claims = payload as Record<string, unknown>;
    const emailVerified = claims['email_verified'];
    return {
      issuer: this.issuer,
      subject: payload.sub,
      name: stringClaim(readClaimPath(claims, this.nameClaim)),
      email: stringClaim(readClaimPath(claims, this.emailClaim)),
      emailVerified: typeof emailVerified === 'boolean' ? emailVerified : null,
      roles: this.rolesOf(claims),
      attributes: this.attributesOf(claims),
      authTime: typeof payload['auth_time'] === 'number' ? new Date(payload['auth_time'] * 1000) : null,
      // jose has checked that exp is present and numeric.
      expiresAt: new Date((payload.exp ?? 0) * 1000),
    };
  }

  private rolesOf(claims: Record<string, unknown>): Role[] {
    const names = readStringList(readClaimPath(claims, this.rolesClaim));
    if (names === null) {
      throw new OidcTokenError(
        'no_roles',
        `The access token has no "${this.rolesClaim}" claim listing roles; check that the identity provider adds it ` +
          '(a roles mapper or client scope) and that VIGIL_OIDC_ROLES_CLAIM names it.',
      );
    }
    const roles = new Set<Role>();
    for (const name of names) {
      const role = this.mapRole(name);
      if (role) roles.add(role);
    }
    if (roles.size === 0) {
      const seen = names.length === 0 ? 'it is empty' : `it lists ${describeNames(names)}`;
      throw new OidcTokenError(
        'no_roles',
        `None of the roles in the access token's "${this.rolesClaim}" claim is a Vigil role (${seen}); ask an ` +
          'administrator to assign you a Vigil role at the identity provider, or to extend VIGIL_OIDC_ROLE_MAPPING.',
      );
    }
    return [...roles];
  }

  private mapRole(name: string): Role | null {
    if (this.roleMapping === null) return isRole(name) ? name : null;
    return Object.hasOwn(this.roleMapping, name) ? this.roleMapping[name] : null;
  }

  private attributesOf(claims: Record<string, unknown>): string[] {
    if (this.attributesClaim === null) return [];
    // Attributes only ever add eligibility, so a missing or odd-shaped claim means "none" rather than a refusal.
    return [...new Set(readStringList(readClaimPath(claims, this.attributesClaim)) ?? [])];
  }

  private keyLookupError(err: unknown, kid: string | undefined): unknown {
    if (err instanceof errors.JWKSNoMatchingKey) {
      return new OidcTokenError(
        'bad_signature',
        `The access token was signed with a key (kid ${quote(kid)}) that the identity provider does not publish at ` +
          `${this.jwksUrl.href}; the token was not issued by the configured identity provider, or its keys changed ` +
          'moments ago (try again in a minute).',
      );
    }
    if (err instanceof errors.JWKSMultipleMatchingKeys) {
      return new OidcTokenError(
        'bad_signature',
        "The access token names no key id (kid) and the identity provider publishes several keys; configure the IdP to set 'kid'.",
      );
    }
    const detail = err instanceof Error ? err.message : String(err);
    return new OidcTokenError(
      'jwks_unavailable',
      `The identity provider's signing keys could not be fetched from ${this.jwksUrl.href} (${detail}); check ` +
        'VIGIL_OIDC_JWKS_URL and that the identity provider is reachable from this server.',
      { cause: err },
    );
  }

  private verificationError(err: unknown, token: string): unknown {
    if (err instanceof OidcTokenError) return err;
    if (err instanceof errors.JWTExpired) {
      const exp = (err.payload as Record<string, unknown>)['exp'];
      const when = typeof exp === 'number' ? ` at ${new Date(exp * 1000).toISOString()}` : '';
      return new OidcTokenError('expired', `The access token expired${when}; sign in again to get a new one.`);
    }
    if (err instanceof errors.JWTClaimValidationFailed) return this.claimError(err);
    if (err instanceof errors.JOSEAlgNotAllowed) {
      return new OidcTokenError(
        'bad_signature',
        `The access token is signed with algorithm ${quote(algorithmOf(token))}; Vigil accepts only ` +
          `${this.algorithms.join(', ')} from the identity provider.`,
      );
    }
    if (err instanceof errors.JWSSignatureVerificationFailed) {
      return new OidcTokenError(
        'bad_signature',
        "The access token's signature does not match the identity provider's key; the token was altered or forged.",
      );
    }
    if (err instanceof errors.JOSEError) {
      // JWSInvalid, JWTInvalid, JOSENotSupported…: the credential is not a well-formed signed JWT.
      return new OidcTokenError('malformed', `The bearer credential is not a well-formed signed JWT (${err.message}).`);
    }
    return err;
  }

  private claimError(err: InstanceType<typeof errors.JWTClaimValidationFailed>): OidcTokenError {
    const payload = err.payload as Record<string, unknown>;
    switch (err.claim) {
      case 'iss':
        return new OidcTokenError(
          'wrong_issuer',
          `The access token was issued by ${quote(payload['iss'])}, but this server trusts only ${quote(this.issuer)}; ` +
            'sign in through the trusted identity provider, or correct VIGIL_OIDC_ISSUER (it must match exactly).',
        );
      case 'aud':
        return new OidcTokenError(
          'wrong_audience',
          `The access token is meant for ${quote(payload['aud'])}, not for ${quote(this.audience)}; ask the identity ` +
            'provider administrator to add this audience to the tokens issued to Vigil clients, or correct VIGIL_OIDC_AUDIENCE.',
        );
      case 'nbf':
        if (err.reason === 'check_failed') {
          const nbf = payload['nbf'];
          const when = typeof nbf === 'number' ? ` until ${new Date(nbf * 1000).toISOString()}` : '';
          return new OidcTokenError(
            'not_yet_valid',
            `The access token is not valid${when}; the clocks of this server and of the identity provider disagree.`,
          );
        }
        break;
      default:
        break;
    }
    return new OidcTokenError(
      'malformed',
      err.reason === 'missing'
        ? `The access token has no "${err.claim}" claim, which Vigil requires.`
        : `The access token's "${err.claim}" claim is invalid (${err.message}).`,
    );
  }
}

function checkConfig(config: OidcVerifierConfig): URL {
  const problems: string[] = [];
  if (!config.issuer) problems.push('OIDC issuer is empty');
  const audiences = typeof config.audience === 'string' ? [config.audience] : [...config.audience];
  if (audiences.length === 0 || audiences.some((a) => !a)) problems.push('OIDC audience is empty');
  if (!config.rolesClaim) problems.push('OIDC roles claim is empty');
  for (const [name, role] of Object.entries(config.roleMapping ?? {})) {
    if (!isRole(role)) problems.push(`OIDC role mapping sends ${JSON.stringify(name)} to unknown role ${quote(role)}`);
  }
  const algorithms = config.algorithms ?? ['RS256'];
  if (algorithms.length === 0) problems.push('OIDC algorithms list is empty');
  // A JWKS is public, so a symmetric (HS*) key in it would let anyone sign; 'none' signs nothing at all.
  for (const alg of algorithms.filter((a) => a === 'none' || a.startsWith('HS'))) {
    problems.push(`OIDC algorithm ${alg} cannot be verified with published keys`);
  }
  let url: URL | null = null;
  try {
    url = new URL(config.jwksUrl);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
      problems.push(`OIDC JWKS URL ${config.jwksUrl} must use https (plain http is allowed only to loopback)`);
    }
  } catch {
    problems.push(`OIDC JWKS URL ${JSON.stringify(config.jwksUrl)} is not a URL`);
  }
  if (problems.length > 0 || url === null) throw new ConfigError(problems);
  return url;
}

function stringClaim(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function algorithmOf(token: string): unknown {
  try {
    return decodeProtectedHeader(token).alg;
  } catch {
    return undefined;
  }
}

// Values quoted in messages come from the token, so they are length-capped and JSON-escaped: an attacker must
// not be able to write a fake log line through them.
function quote(value: unknown): string {
  const text = value === undefined ? 'none' : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function describeNames(names: string[]): string {
  const shown = names.slice(0, 10).map(quote).join(', ');
  return names.length > 10 ? `${shown} and ${names.length - 10} more` : shown;
}
