import { checkPasswordStrength, PASSWORD_MAX_LENGTH, type PasswordProblemCode } from './password-policy';

const codes = (password: string, owner?: Parameters<typeof checkPasswordStrength>[1]): PasswordProblemCode[] =>
  checkPasswordStrength(password, owner).map((p) => p.code);

describe('checkPasswordStrength', () => {
  it.each([
    'correct horse battery staple',
    'Tr0ub4dor&3xyz',
    'sepsis-model-approver',
    'ALLCAPS AND SPACES',
    '123456789012a',
  ])('accepts %j', (password) => {
    expect(checkPasswordStrength(password)).toEqual([]);
  });

  it('wants at least 12 characters, counted as characters rather than UTF-16 units', () => {
    expect(codes('Short1!')).toEqual(['too_short']);
    expect(codes('abcdefghij1')).toEqual(['too_short']);
    expect(codes('abcdefghijk1')).toEqual([]);
    // Eleven astral-plane characters are 22 UTF-16 units but still too short.
    expect(codes('🔒'.repeat(10) + 'a')).toEqual(['too_short']);
  });

  it('caps the length to bound the hashing work', () => {
    expect(codes(`${'ab1 '.repeat(PASSWORD_MAX_LENGTH / 4)}x`)).toEqual(['too_long']);
  });

  it.each([
    ['all lower case', 'abcdefghijklmnop'],
    ['all upper case', 'ABCDEFGHIJKLMNOP'],
    ['all digits', '123456789012345'],
    ['all symbols', '!@#$%^&*()_+-=[]'],
  ])('rejects a password of one character class: %s', (_label, password) => {
    expect(codes(password)).toEqual(['single_character_class']);
  });

  it('reports every problem at once', () => {
    expect(codes('aaaa')).toEqual(['too_short', 'single_character_class']);
    expect(codes('')).toEqual(['too_short']);
  });

  it("rejects the owner's email, its local part or name, ignoring case and spaces", () => {
    const owner = { email: 'A.Rivera@hospital.example.org', name: 'Dr. Alejandra Rivera' };
    expect(codes('a.rivera@hospital.example.org', owner)).toEqual(['matches_identity']);
    expect(codes('A.RIVERA@HOSPITAL.EXAMPLE.ORG', owner)).toEqual(['matches_identity']);
    expect(codes('dr.alejandrarivera', owner)).toEqual(['matches_identity']);
    expect(codes('Dr. Alejandra Rivera', owner)).toEqual(['matches_identity']);
    expect(codes('a.rivera', owner)).toContain('matches_identity');
    expect(codes('Dr. Alejandra Rivera 2026!', owner)).toEqual([]);
    expect(codes('Dr. Alejandra Rivera', {})).toEqual([]);
    expect(codes('Dr. Alejandra Rivera', { email: null, name: null })).toEqual([]);
  });

  it('never repeats the password in its messages', () => {
    const password = 'abc';
    const messages = checkPasswordStrength(password, { name: password }).map((p) => p.message);
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(m).not.toContain(password);
  });
});
