export type OidcTokenErrorReason =
  | 'expired'
  | 'not_yet_valid'
  | 'bad_signature'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'malformed'
  | 'jwks_unavailable'
  | 'no_roles'
  | 'stale_auth_time';

const DEFAULT_MESSAGES: Record<OidcTokenErrorReason, string> = {
  expired: 'The access token has expired; sign in again to get a new one.',
  not_yet_valid: 'The access token is not valid yet; check the clocks of this server and of the identity provider.',
  bad_signature: "The access token's signature does not verify against the identity provider's keys.",
  wrong_issuer: 'The access token was issued by an identity provider this server does not trust.',
  wrong_audience: 'The access token was issued for another application, not for Vigil.',
  malformed: 'The bearer credential is not a usable signed JWT access token.',
  jwks_unavailable: "The identity provider's signing keys could not be fetched; try again shortly.",
  no_roles: 'The access token grants no Vigil role; ask an administrator to assign you one at the identity provider.',
  stale_auth_time: 'Signing needs a fresh sign-in: sign in again (within the last 5 minutes), then sign.',
};

/**
 * Why an OIDC access token was refused. `reason` is the stable part for code (the HTTP layer maps it, usually
 * to 401; `jwks_unavailable` is the IdP's outage, not the caller's fault); the message is for the person and
 * never contains the token. Only `jwks_unavailable` carries a `cause`, the network error worth logging.
 */
export class OidcTokenError extends Error {
  constructor(
    readonly reason: OidcTokenErrorReason,
    message: string = DEFAULT_MESSAGES[reason],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OidcTokenError';
  }
}
