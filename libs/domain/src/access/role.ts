/**
 * The roles a token (and later a person) can hold. Each role grants the reading every role has plus its
 * own writes; `admin` may do everything. Roles are not ranked: an approver may not deploy, a deployer may
 * not approve.
 */
export const ROLES = ['viewer', 'submitter', 'validator', 'approver', 'deployer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Whether a holder of `actual` may call something that needs one of `allowed`. An empty list means
 * "any authenticated caller"; `admin` passes every check.
 */
export function roleAllows(allowed: readonly Role[], actual: Role): boolean {
  if (actual === 'admin' || allowed.length === 0) return true;
  return allowed.includes(actual);
}
