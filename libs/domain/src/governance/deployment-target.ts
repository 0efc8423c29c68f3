/**
 * Environment and site names: lower-case letters, digits, `.`, `_`, `-`, starting with a letter or digit, at
 * most 100 characters (the same alphabet as model names). No `*`, `,` or `/`, so a name can never be mistaken
 * for a wildcard, a list or a target label.
 */
export const TARGET_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** How messages name a target: `production/site-a`, `production/site-a,site-b`, or `production/*` for any site. */
export function formatTarget(environment: string, sites: readonly string[] | null | undefined): string {
  return `${environment}/${sites == null ? '*' : sites.join(',')}`;
}
