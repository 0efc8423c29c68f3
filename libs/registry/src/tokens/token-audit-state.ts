import type { ApiTokenEntity } from '@vigil/persistence';

/** What the audit trail records of a token: never the secret nor its hash. */
export function tokenAuditState(t: ApiTokenEntity): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    prefix: t.tokenPrefix,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}
