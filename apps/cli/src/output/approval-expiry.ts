import { type ApprovalExpiry } from '@vigil/contracts';
import { NONE, formatTime } from './format';

export interface ExpiringApproval {
  expiresAt: string | null;
  expiry: ApprovalExpiry | null;
  /** A request the server already marked `expired` has no `expiry` state any more; it is expired all the same. */
  status?: string;
}

/**
 * The expiry cell of a table. Upper case for the two states that need action, so that they stand out in a
 * column of dates and a `grep -E 'EXPIR(ING|ED)'` finds them.
 */
export function expiryLabel(approval: ExpiringApproval): string {
  const when = formatTime(approval.expiresAt);
  if (isExpired(approval)) return approval.expiresAt ? `EXPIRED ${when}` : 'EXPIRED';
  if (approval.expiry === 'expiring') return `EXPIRING ${when}`;
  return approval.expiresAt ? `until ${when}` : NONE;
}

export function isExpired(approval: ExpiringApproval): boolean {
  return approval.expiry === 'expired' || approval.status === 'expired';
}

export function needsAttention(approval: ExpiringApproval): boolean {
  return isExpired(approval) || approval.expiry === 'expiring';
}
