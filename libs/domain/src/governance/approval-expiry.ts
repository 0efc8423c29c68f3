import { expiryWarningDaysOf, type ApprovalPolicy } from './approval-policy.types';

const DAY_MS = 86_400_000;

export interface ApprovalExpiry {
  /** Null when the policy gives approvals no lifetime. */
  expiresAt: Date | null;
  /** The policy's "nearing expiry" window, default filled in. */
  warningDays: number;
}

/**
 * When an approval granted at `approvedAt` lapses: `approvalLifetimeDays` later, counted in 24-hour days
 * from the instant of approval (so daylight-saving changes never shift it).
 */
export function approvalExpiry(
  approvedAt: Date,
  policy: Pick<ApprovalPolicy, 'approvalLifetimeDays' | 'expiryWarningDays'>,
): ApprovalExpiry {
  const warningDays = expiryWarningDaysOf(policy);
  if (policy.approvalLifetimeDays === undefined) return { expiresAt: null, warningDays };
  return { expiresAt: new Date(approvedAt.getTime() + policy.approvalLifetimeDays * DAY_MS), warningDays };
}

export type ExpiryState = 'valid' | 'expiring' | 'expired';

/**
 * `expired` from the expiry instant itself onwards; `expiring` within `warningDays` before it; `valid`
 * otherwise, and always when there is no expiry.
 */
export function expiryState(expiresAt: Date | null, now: Date, warningDays: number): ExpiryState {
  if (expiresAt === null) return 'valid';
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  return left <= warningDays * DAY_MS ? 'expiring' : 'valid';
}
