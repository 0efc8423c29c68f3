import { bodyExcerpt, isRetryableStatus, parseRetryAfter } from './sink-http';

describe('sink HTTP helpers', () => {
  const now = new Date('2026-11-20T08:00:00.000Z');

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Fri, 20 Nov 2026 08:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('retries timeouts, rate limits and server errors only', () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 410, 422].some(isRetryableStatus)).toBe(false);
  });

  it('cuts bodies to one short line and blanks secrets in them', () => {
    expect(bodyExcerpt('bad\n  request   here')).toBe('bad request here');
    expect(bodyExcerpt('x'.repeat(250))).toBe(`${'x'.repeat(200)}…`);
    expect(bodyExcerpt('echo: token-123 and token-123', ['token-123'])).toBe('echo: [redacted] and [redacted]');
  });
});
