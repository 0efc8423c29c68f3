import { MODEL_NAME_PATTERN } from './version-ref';

describe('model names', () => {
  it.each(['sepsis-risk', 'a', 'cxr.v2_model'])('accepts %s', (n) => expect(MODEL_NAME_PATTERN.test(n)).toBe(true));
  it.each(['', '-x', 'Sepsis', 'a b', 'x'.repeat(101), '../etc'])('refuses %j', (n) =>
    expect(MODEL_NAME_PATTERN.test(n)).toBe(false),
  );
});
