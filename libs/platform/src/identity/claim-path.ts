/**
 * The value at a dot path in a JWT claims set (`realm_access.roles`), or undefined. A top-level claim whose
 * name is the whole path wins, because some IdPs namespace custom claims with URLs that contain dots
 * (`https://vigil.example.org/roles`).
 */
export function readClaimPath(claims: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path];
  let current: unknown = claims;
  for (const segment of path.split('.')) {
    // Own properties only: a path like `constructor` or `__proto__` must not reach into the prototype chain.
    if (!isPlainObject(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

/**
 * A claim read as a list of names: a JSON array of strings, or one string of space-separated names (the
 * OAuth `scope` style some IdPs use for groups). Null when the claim has another shape.
 */
export function readStringList(value: unknown): string[] | null {
  if (typeof value === 'string') return value.split(/\s+/u).filter((s) => s.length > 0);
  if (!Array.isArray(value)) return null;
  return value.filter((item): item is string => typeof item === 'string' && item.length > 0);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
