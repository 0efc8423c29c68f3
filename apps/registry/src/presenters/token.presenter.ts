import type { ApiTokenEntity } from '@vigil/persistence';

/** Never the secret nor its hash. */
export function presentToken(t: ApiTokenEntity) {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    prefix: t.tokenPrefix,
    createdAt: t.createdAt.toISOString(),
    createdBy: t.createdBy,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}
