import type { Principal } from '@vigil/domain';

/** Who asks, and the request id that ties the audit entry to the logs. */
export interface ActorContext {
  principal: Principal;
  requestId: string | null;
}
