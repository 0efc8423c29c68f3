import { assertFreshAuthentication, FRESH_AUTHENTICATION_MAX_AGE_SECONDS } from './fresh-authentication';
import { OidcTokenError } from './oidc-token.errors';

const NOW = new Date('2026-03-01T08:00:00Z');
const secondsAgo = (s: number) => ({ authTime: new Date(NOW.getTime() - s * 1000) });

function staleError(run: () => void): OidcTokenError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(OidcTokenError);
    expect((e as OidcTokenError).reason).toBe('stale_auth_time');
    return e as OidcTokenError;
  }
  throw new Error('expected a stale_auth_time error');
}

describe('assertFreshAuthentication', () => {
  it('defaults to five minutes', () => {
    expect(FRESH_AUTHENTICATION_MAX_AGE_SECONDS).toBe(300);
  });

  it('accepts a sign-in up to and including five minutes ago', () => {
    expect(() => assertFreshAuthentication(secondsAgo(0), NOW)).not.toThrow();
    expect(() => assertFreshAuthentication(secondsAgo(299), NOW)).not.toThrow();
    expect(() => assertFreshAuthentication(secondsAgo(300), NOW)).not.toThrow();
  });

  it('refuses an older sign-in, saying how old it is', () => {
    const error = staleError(() => assertFreshAuthentication(secondsAgo(301), NOW));
    expect(error.message).toMatch(/within the last 5 minutes; you last signed in 5 minutes 1 second ago/);
    expect(staleError(() => assertFreshAuthentication(secondsAgo(6 * 60), NOW)).message).toMatch(/6 minutes ago/);
  });

  it('refuses a token without auth_time', () => {
    expect(staleError(() => assertFreshAuthentication({ authTime: null }, NOW)).message).toMatch(/auth_time/);
  });

  it('takes another maximum age', () => {
    expect(() => assertFreshAuthentication(secondsAgo(90), NOW, 120)).not.toThrow();
    staleError(() => assertFreshAuthentication(secondsAgo(121), NOW, 120));
  });

  it('tolerates a little clock skew but not an auth_time far in the future', () => {
    expect(() => assertFreshAuthentication(secondsAgo(-20), NOW)).not.toThrow();
    expect(staleError(() => assertFreshAuthentication(secondsAgo(-3600), NOW)).message).toMatch(/future/);
  });
});
