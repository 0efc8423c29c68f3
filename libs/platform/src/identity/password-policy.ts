export type PasswordProblemCode = 'too_short' | 'too_long' | 'single_character_class' | 'matches_identity';

export interface PasswordProblem {
  code: PasswordProblemCode;
  /** A sentence for the person choosing the password; it never repeats the password. */
  message: string;
}

/** Who the password is for, so that it cannot simply be their own name or address. */
export interface PasswordOwner {
  email?: string | null;
  name?: string | null;
}

export const PASSWORD_MIN_LENGTH = 12;
// Long passphrases are welcome (NIST SP 800-63B asks for at least 64); the cap only bounds the work one request
// can cause in the key derivation.
export const PASSWORD_MAX_LENGTH = 1024;

const CLASSES: readonly RegExp[] = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u];

/**
 * The problems with a proposed password, empty when it is acceptable. Length is the main defence; the class
 * rule only rejects the degenerate cases (all digits, all lower case) that dictionary attacks try first.
 */
export function checkPasswordStrength(password: string, owner: PasswordOwner = {}): PasswordProblem[] {
  const normalized = password.normalize('NFKC');
  const characters = Array.from(normalized);
  const problems: PasswordProblem[] = [];

  if (characters.length < PASSWORD_MIN_LENGTH) {
    problems.push({
      code: 'too_short',
      message: `The password has ${characters.length} characters; use at least ${PASSWORD_MIN_LENGTH} (a few unrelated words work well).`,
    });
  }
  if (characters.length > PASSWORD_MAX_LENGTH) {
    problems.push({ code: 'too_long', message: `The password may have at most ${PASSWORD_MAX_LENGTH} characters.` });
  }
  if (characters.length > 0 && countClasses(characters) < 2) {
    problems.push({
      code: 'single_character_class',
      message:
        'The password uses only one kind of character; mix in another (upper case, lower case, digits, spaces or symbols).',
    });
  }
  if (matchesOwner(normalized, owner)) {
    problems.push({ code: 'matches_identity', message: "The password must not be the user's name or email address." });
  }
  return problems;
}

function countClasses(characters: string[]): number {
  const seen = new Set<number>();
  for (const ch of characters) {
    const index = CLASSES.findIndex((re) => re.test(ch));
    // Everything that is not a cased letter or a digit (symbols, spaces, letters without case) counts as one class.
    seen.add(index === -1 ? CLASSES.length : index);
  }
  return seen.size;
}

function matchesOwner(password: string, owner: PasswordOwner): boolean {
  const candidate = canonical(password);
  if (candidate.length === 0) return false;
  const email = owner.email?.trim() ?? '';
  const forbidden = [owner.name ?? '', email, email.split('@')[0] ?? ''].map(canonical).filter((s) => s.length > 0);
  return forbidden.includes(candidate);
}

// "Dr. A. Rivera" and "dr.a.rivera" are the same guess to an attacker, so compare without case or spaces.
function canonical(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase('en-US').replace(/\s+/gu, '');
}
