import { DomainError } from '@vigil/domain';

/** Failures of storing and reading monitoring policies, worded once. */
export const MonitoringPolicyErrors = {
  notFound: (model: string, revision?: number) =>
    new DomainError(
      'monitoring_policy_not_found',
      revision === undefined
        ? `Model "${model}" has no monitoring policy yet, so nothing is judged for it; an approver sets one with PUT /models/${model}/monitoring-policy (vigil monitor policy set).`
        : `Model "${model}" has no monitoring policy revision ${revision}; "vigil monitor policy history ${model}" lists the revisions.`,
    ),
};
