import type { ApprovalRequestStatus } from './approval-request-lifecycle.machine';
import { GovernanceErrors } from './governance.errors';

/** An approval request as promotion sees it. `sites` null: the approval covers any site. */
export interface PromotionApproval {
  versionNumber: number;
  environment: string;
  sites: string[] | null;
  status: ApprovalRequestStatus;
  expiresAt: Date | null;
}

export interface PromotionCheckInput<A extends PromotionApproval> {
  environment: string;
  site: string;
  version: { model: string; number: number };
  /** The model's approval requests; others are ignored. */
  approvals: readonly A[];
  now: Date;
}

/** Why a request that covers the target did not approve it, most useful first. */
const WHY_NOT: [ApprovalRequestStatus, string][] = [
  ['open', 'a request covering it is open, still awaiting signatures'],
  ['rejected', 'a request covering it was rejected'],
  ['stale', 'a request covering it went stale because the version or the policy changed; open a new one'],
  ['withdrawn', 'a request covering it was withdrawn'],
];

/**
 * Returns the approval that lets `version` be promoted to (environment, site), or throws naming what is
 * missing. An approval counts while it is `approved` and its expiry has not been reached, whether or not a
 * job has yet marked it `expired`: an expired approval blocks promotion the moment it lapses.
 */
export function checkPromotion<A extends PromotionApproval>(input: PromotionCheckInput<A>): A {
  const { environment, site, version, now } = input;
  const label = `${version.model}@${version.number}`;
  const covering = input.approvals.filter(
    (a) =>
      a.versionNumber === version.number &&
      a.environment === environment &&
      (a.sites === null || a.sites.includes(site)),
  );
  const lapsed = (a: A) => a.expiresAt !== null && a.expiresAt.getTime() <= now.getTime();

  const usable = covering.filter((a) => a.status === 'approved' && !lapsed(a));
  if (usable.length > 0) return latestExpiring(usable);

  const expired = covering.filter((a) => a.status === 'expired' || (a.status === 'approved' && lapsed(a)));
  if (expired.length > 0) {
    const last = latestExpiring(expired);
    const when = last.expiresAt === null ? 'has expired' : `expired on ${last.expiresAt.toISOString()}`;
    throw GovernanceErrors.approvalExpired(
      `The approval for ${label} covering ${environment} at ${site} ${when}; it must be approved again before promotion.`,
      last.expiresAt ?? now,
    );
  }

  const why = WHY_NOT.find(([status]) => covering.some((a) => a.status === status));
  throw GovernanceErrors.approvalMissing(
    `${label} has no approval covering ${environment} at ${site}${why === undefined ? '' : ` (${why[1]})`}.`,
  );
}

/** Of several approvals, the one valid longest (no expiry beats any expiry). */
function latestExpiring<A extends PromotionApproval>(approvals: readonly A[]): A {
  const rank = (a: A) => a.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return approvals.reduce((best, a) => (rank(a) > rank(best) ? a : best));
}
