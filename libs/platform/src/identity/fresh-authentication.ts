import { OidcTokenError } from './oidc-token.errors';
import type { OidcIdentity } from './oidc-verifier';

/** How recently a person must have entered their credentials for an e-signature to count as re-authenticated. */
export const FRESH_AUTHENTICATION_MAX_AGE_SECONDS = 300;

// An auth_time somewhat ahead of our clock is IdP clock skew; far ahead would let a mis-set IdP clock make every
// sign-in look fresh for hours.
const FUTURE_SKEW_SECONDS = 30;

/**
 * The e-signature re-authentication rule (21 CFR 11.200(a)(1)): outside one continuous session, each signing
 * needs both credential components again. For OIDC users the proof is the token's `auth_time`, which the IdP
 * sets when the person last typed their password, not when the token was refreshed.
 */
export function assertFreshAuthentication(
  identity: Pick<OidcIdentity, 'authTime'>,
  now: Date,
  maxAgeSeconds: number = FRESH_AUTHENTICATION_MAX_AGE_SECONDS,
): void {
  const { authTime } = identity;
  if (authTime === null) {
    throw new OidcTokenError(
      'stale_auth_time',
      'Signing needs proof of a recent sign-in, and the access token carries no "auth_time" claim; sign in again ' +
        'with max_age (or prompt=login) so the identity provider includes it, then sign.',
    );
  }
  const ageSeconds = (now.getTime() - authTime.getTime()) / 1000;
  if (ageSeconds < -FUTURE_SKEW_SECONDS) {
    throw new OidcTokenError(
      'stale_auth_time',
      `The access token says you signed in at ${authTime.toISOString()}, which is in the future for this server; ` +
        'the clocks of this server and of the identity provider disagree.',
    );
  }
  if (ageSeconds > maxAgeSeconds) {
    throw new OidcTokenError(
      'stale_auth_time',
      `Signing needs a sign-in within the last ${formatDuration(maxAgeSeconds)}; you last signed in ` +
        `${formatDuration(ageSeconds)} ago (${authTime.toISOString()}). Sign in again, then sign.`,
    );
  }
}

function formatDuration(seconds: number): string {
  const whole = Math.floor(seconds);
  if (whole < 120) return plural(whole, 'second');
  if (whole >= 7200) return plural(Math.floor(whole / 3600), 'hour');
  const rest = whole % 60;
  return plural(Math.floor(whole / 60), 'minute') + (rest > 0 ? ` ${plural(rest, 'second')}` : '');
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
