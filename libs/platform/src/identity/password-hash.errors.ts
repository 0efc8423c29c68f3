/**
 * A stored password hash that cannot be read back. This is corruption or tampering on our side, not a wrong
 * password, so it is raised rather than answered with `false`: a login that silently fails would hide it.
 * The message names what is wrong with the encoding but never echoes the encoding or the password.
 */
export class PasswordHashFormatError extends Error {
  constructor(readonly problem: string) {
    super(`The stored password hash is not a valid scrypt encoding (${problem}); reset this user's password.`);
    this.name = 'PasswordHashFormatError';
  }
}
