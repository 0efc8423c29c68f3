import { DEFAULT_EXPIRY_WARNING_DAYS, expiryWarningDaysOf } from './approval-policy.types';

describe('expiryWarningDaysOf', () => {
  it('fills in 30 days when the policy says nothing, and keeps what it says, 0 included', () => {
    expect(DEFAULT_EXPIRY_WARNING_DAYS).toBe(30);
    expect(expiryWarningDaysOf({})).toBe(30);
    expect(expiryWarningDaysOf({ expiryWarningDays: 7 })).toBe(7);
    expect(expiryWarningDaysOf({ expiryWarningDays: 0 })).toBe(0);
  });
});
