import type { Principal } from '@vigil/domain';
import type { AuditEntryInput } from '@vigil/persistence';

/** Who asks, and the request id that ties the audit entry to the logs. */
export interface Actor {
  principal: Principal;
  requestId: string | null;
}

/** The audit record of one state change made by `actor`. */
export function auditBy(
  actor: Actor,
  change: Pick<AuditEntryInput, 'action' | 'entityType' | 'entityId' | 'before' | 'after'>,
): AuditEntryInput {
  return { actor: actor.principal.name, actorRole: actor.principal.role, requestId: actor.requestId, ...change };
}
