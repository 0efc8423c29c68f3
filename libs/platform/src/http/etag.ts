import { AccessErrors } from '@vigil/domain';

/** Strong ETag from a row version. */
export function etagFor(rowVersion: number): string {
  return `"${rowVersion}"`;
}

/** Enforces If-Match on a change: missing → 428, different → 412. Accepts weak-prefixed forms too. */
export function requireIfMatch(ifMatch: string | undefined, currentRowVersion: number): void {
  if (!ifMatch) throw AccessErrors.preconditionRequired();
  const current = etagFor(currentRowVersion);
  const candidates = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!candidates.includes(current) && !candidates.includes('*')) throw AccessErrors.preconditionFailed(current);
}
