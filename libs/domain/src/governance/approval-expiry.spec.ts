import { approvalExpiry, expiryState } from './approval-expiry';

const DAY = 86_400_000;
const approvedAt = new Date('2026-03-01T08:00:00.000Z');

describe('approvalExpiry', () => {
  it('adds the lifetime in whole 24-hour days', () => {
    expect(approvalExpiry(approvedAt, { approvalLifetimeDays: 365 })).toEqual({
      expiresAt: new Date('2027-03-01T08:00:00.000Z'),
      warningDays: 30,
    });
    // Across the European spring clock change: still exactly 24 h per day.
    expect(approvalExpiry(new Date('2026-03-28T12:00:00.000Z'), { approvalLifetimeDays: 2 }).expiresAt).toEqual(
      new Date('2026-03-30T12:00:00.000Z'),
    );
  });

  it('never expires without a lifetime', () => {
    expect(approvalExpiry(approvedAt, {})).toEqual({ expiresAt: null, warningDays: 30 });
  });

  it('reports the policy’s warning window', () => {
    expect(approvalExpiry(approvedAt, { approvalLifetimeDays: 90, expiryWarningDays: 14 }).warningDays).toBe(14);
  });

  it('does not change the date it was given', () => {
    const at = new Date(approvedAt);
    approvalExpiry(at, { approvalLifetimeDays: 10 });
    expect(at).toEqual(approvedAt);
  });
});

describe('expiryState', () => {
  const expiresAt = new Date('2026-06-01T00:00:00.000Z');
  const before = (ms: number) => new Date(expiresAt.getTime() - ms);

  it('is valid without an expiry', () => {
    expect(expiryState(null, new Date('2100-01-01T00:00:00Z'), 30)).toBe('valid');
  });

  it('is valid before the warning window', () => {
    expect(expiryState(expiresAt, before(30 * DAY + 1), 30)).toBe('valid');
    expect(expiryState(expiresAt, before(365 * DAY), 30)).toBe('valid');
  });

  it('is expiring from the start of the window until the last millisecond', () => {
    expect(expiryState(expiresAt, before(30 * DAY), 30)).toBe('expiring');
    expect(expiryState(expiresAt, before(DAY), 30)).toBe('expiring');
    expect(expiryState(expiresAt, before(1), 30)).toBe('expiring');
  });

  it('is expired at the expiry instant and after', () => {
    expect(expiryState(expiresAt, expiresAt, 30)).toBe('expired');
    expect(expiryState(expiresAt, new Date(expiresAt.getTime() + 1), 30)).toBe('expired');
    expect(expiryState(expiresAt, new Date('2030-01-01T00:00:00Z'), 30)).toBe('expired');
  });

  it('has no warning window when warningDays is 0', () => {
    expect(expiryState(expiresAt, before(1), 0)).toBe('valid');
    expect(expiryState(expiresAt, expiresAt, 0)).toBe('expired');
  });
});
