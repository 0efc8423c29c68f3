import { MODEL_NAME_PATTERN, VERSION_STATUSES, canTransition } from './version-ref';

describe('version lifecycle', () => {
  it('allows only registered → archived', () => {
    const allowed = VERSION_STATUSES.flatMap((f) =>
      VERSION_STATUSES.filter((t) => canTransition(f, t)).map((t) => `${f}->${t}`),
    );
    expect(allowed).toEqual(['registered->archived']);
  });
});

describe('model names', () => {
  it.each(['sepsis-risk', 'a', 'cxr.v2_model'])('accepts %s', (n) => expect(MODEL_NAME_PATTERN.test(n)).toBe(true));
  it.each(['', '-x', 'Sepsis', 'a b', 'x'.repeat(101), '../etc'])('refuses %j', (n) =>
    expect(MODEL_NAME_PATTERN.test(n)).toBe(false),
  );
});
