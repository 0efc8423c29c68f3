import { TARGET_NAME_PATTERN, formatTarget } from './deployment-target';

describe('TARGET_NAME_PATTERN', () => {
  it.each(['production', 'shadow', 'site-a', 'st.marys_2', '0', 'a'.repeat(100)])('accepts %s', (n) =>
    expect(TARGET_NAME_PATTERN.test(n)).toBe(true),
  );
  it.each(['', '*', 'Site-A', 'site a', 'a,b', 'prod/eu', '-x', '.x', 'a'.repeat(101), 'site-a\n'])('refuses %j', (n) =>
    expect(TARGET_NAME_PATTERN.test(n)).toBe(false),
  );
});

describe('formatTarget', () => {
  it('writes environment/sites, with * for any site', () => {
    expect(formatTarget('production', ['site-a'])).toBe('production/site-a');
    expect(formatTarget('production', ['site-a', 'site-b'])).toBe('production/site-a,site-b');
    expect(formatTarget('production', null)).toBe('production/*');
    expect(formatTarget('production', undefined)).toBe('production/*');
  });
});
