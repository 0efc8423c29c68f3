import { defineStateMachine } from './state-machine';

/**
 * The states of one approval request. `stale`: the version or the policy changed under it, so the signatures
 * no longer bind what would be deployed. `expired`: an approval outlived the policy's approval lifetime.
 */
export const APPROVAL_REQUEST_STATUSES = ['open', 'approved', 'rejected', 'stale', 'withdrawn', 'expired'] as const;
export type ApprovalRequestStatus = (typeof APPROVAL_REQUEST_STATUSES)[number];

export const ApprovalRequestLifecycle = defineStateMachine<ApprovalRequestStatus>(
  'approval request',
  APPROVAL_REQUEST_STATUSES,
  {
    open: ['approved', 'rejected', 'stale', 'withdrawn'],
    approved: ['expired', 'stale'],
    rejected: [],
    stale: [],
    withdrawn: [],
    expired: [],
  },
);
