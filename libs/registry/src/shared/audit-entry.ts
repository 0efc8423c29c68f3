import type { AuditEntryInput } from '@vigil/persistence';
import type { ActorContext } from './actor-context';

/** The audit record of one state change made by the caller in `ctx`. */
export function auditEntry(
  ctx: ActorContext,
  change: Pick<AuditEntryInput, 'action' | 'entityType' | 'entityId' | 'before' | 'after'>,
): AuditEntryInput {
  return { actor: ctx.principal.name, actorRole: ctx.principal.role, requestId: ctx.requestId, ...change };
}
