import { checkPromotion, type PromotionApproval } from './check-promotion';
import { domainErrorOf } from './testing/domain-error-of';

const now = new Date('2026-05-01T12:00:00.000Z');
const version = { model: 'sepsis-risk', number: 4 };

const approval = (over: Partial<PromotionApproval & { id: string }> = {}): PromotionApproval & { id: string } => ({
  id: 'req-1',
  versionNumber: 4,
  environment: 'production',
  sites: ['site-a', 'site-b'],
  status: 'approved',
  expiresAt: null,
  ...over,
});

const check = (approvals: (PromotionApproval & { id: string })[], site = 'site-a', environment = 'production') =>
  checkPromotion({ environment, site, version, approvals, now });

describe('checkPromotion', () => {
  it('returns the approval covering the target', () => {
    const a = approval();
    expect(check([a])).toBe(a);
    expect(check([a], 'site-b')).toBe(a);
  });

  it('accepts an approval for any site', () => {
    const a = approval({ sites: null });
    expect(check([a], 'site-zz')).toBe(a);
  });

  it('accepts an approval that has not yet reached its expiry', () => {
    const a = approval({ expiresAt: new Date(now.getTime() + 1) });
    expect(check([a])).toBe(a);
  });

  it('prefers, of several, the one valid longest', () => {
    const soon = approval({ id: 'soon', expiresAt: new Date('2026-06-01T00:00:00Z') });
    const later = approval({ id: 'later', expiresAt: new Date('2027-06-01T00:00:00Z') });
    const never = approval({ id: 'never', sites: null });
    expect(check([soon, later]).id).toBe('later');
    expect(check([soon, never, later]).id).toBe('never');
  });

  it('refuses a version with no approval, naming version, environment and site', () => {
    const e = domainErrorOf(() => check([]));
    expect(e.code).toBe('promotion_not_approved');
    expect(e.extra).toEqual({ reason: 'promotion_not_approved' });
    expect(e.message).toBe('sepsis-risk@4 has no approval covering production at site-a.');
  });

  it('does not accept an approval of another version, environment or site', () => {
    const others = [
      approval({ versionNumber: 3 }),
      approval({ environment: 'shadow' }),
      approval({ sites: ['site-b'] }),
    ];
    expect(domainErrorOf(() => check(others)).message).toBe(
      'sepsis-risk@4 has no approval covering production at site-a.',
    );
  });

  it.each([
    ['open', 'a request covering it is open, still awaiting signatures'],
    ['rejected', 'a request covering it was rejected'],
    ['stale', 'a request covering it went stale because the version or the policy changed; open a new one'],
    ['withdrawn', 'a request covering it was withdrawn'],
  ] as const)('says why when the covering request is %s', (status, why) => {
    expect(domainErrorOf(() => check([approval({ status })])).message).toBe(
      `sepsis-risk@4 has no approval covering production at site-a (${why}).`,
    );
  });

  it('gives the most useful reason when there are several', () => {
    const all = [approval({ status: 'withdrawn' }), approval({ status: 'stale' }), approval({ status: 'open' })];
    expect(domainErrorOf(() => check(all)).message).toMatch(/is open, still awaiting signatures/);
  });

  it('refuses an approval whose expiry has passed, even before anything marked it expired', () => {
    const a = approval({ expiresAt: new Date('2026-04-30T00:00:00.000Z') });
    const e = domainErrorOf(() => check([a]));
    expect(e.code).toBe('promotion_not_approved');
    expect(e.extra).toEqual({ reason: 'promotion_not_approved', expired: true, expiresAt: '2026-04-30T00:00:00.000Z' });
    expect(e.message).toBe(
      'The approval for sepsis-risk@4 covering production at site-a expired on 2026-04-30T00:00:00.000Z; it must be approved again before promotion.',
    );
  });

  it('treats the expiry instant itself as expired', () => {
    expect(domainErrorOf(() => check([approval({ expiresAt: now })])).message).toMatch(
      /expired on 2026-05-01T12:00:00.000Z/,
    );
  });

  it('refuses an approval marked expired, naming the latest expiry', () => {
    const a = approval({ status: 'expired', expiresAt: new Date('2026-01-01T00:00:00Z') });
    const b = approval({ status: 'expired', expiresAt: new Date('2026-02-01T00:00:00Z') });
    expect(domainErrorOf(() => check([a, b])).message).toMatch(/expired on 2026-02-01T00:00:00.000Z/);
    expect(domainErrorOf(() => check([approval({ status: 'expired' })])).message).toBe(
      'The approval for sepsis-risk@4 covering production at site-a has expired; it must be approved again before promotion.',
    );
  });

  it('lets a valid approval win over an expired one', () => {
    const valid = approval({ id: 'new', expiresAt: new Date('2027-01-01T00:00:00Z') });
    expect(check([approval({ status: 'expired' }), valid]).id).toBe('new');
  });

  it('mentions expiry before an open renewal request', () => {
    const expired = approval({ expiresAt: new Date('2026-04-01T00:00:00Z') });
    expect(domainErrorOf(() => check([approval({ status: 'open' }), expired])).message).toMatch(/expired on/);
  });
});
