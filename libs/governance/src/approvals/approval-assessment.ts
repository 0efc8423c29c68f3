import { Injectable } from '@nestjs/common';
import {
  type ApprovalEvaluation,
  type ApprovalPolicy,
  type ApprovalRule,
  DomainError,
  type Role,
  assessCardCompleteness,
  evaluateApproval,
  expiryState,
  expiryWarningDaysOf,
  parseApprovalPolicy,
  rulesForTarget,
} from '@vigil/domain';
import {
  ApprovalPolicyRepository,
  type ApprovalRequestEntity,
  ApprovalRequestRepository,
  type ApprovalSignatureEntity,
  type RegisteredModelEntity,
} from '@vigil/persistence';
import type { EntityManager } from 'typeorm';

export interface ApprovalAssessment {
  policy: ApprovalPolicy;
  rules: ApprovalRule[];
  signatures: ApprovalSignatureEntity[];
  evaluation: ApprovalEvaluation;
  /** valid / expiring / expired, for approved requests with a lifetime. */
  expiry: 'valid' | 'expiring' | 'expired' | null;
}

/** Loads what a request rests on (policy version, signatures, card) and lets the domain rules decide it. */
@Injectable()
export class ApprovalAssessor {
  constructor(
    private readonly policies: ApprovalPolicyRepository,
    private readonly requests: ApprovalRequestRepository,
  ) {}

  async assess(
    request: ApprovalRequestEntity,
    model: RegisteredModelEntity,
    submitter: string,
    manager?: EntityManager,
  ): Promise<ApprovalAssessment> {
    const policyRow = await this.policies.byVersion(model.id, request.policyVersion);
    if (!policyRow)
      throw new DomainError(
        'no_approval_policy',
        `Policy version ${request.policyVersion} of "${model.name}" is missing.`,
      );
    const policy = parseApprovalPolicy(policyRow.document);
    const { rules } = rulesForTarget(policy, request.environment, request.sites.length === 0 ? null : request.sites);
    const signatures = await this.requests.signatures(request.id, manager);
    const records = signatures.map((s) => ({
      signerId: s.printedName,
      kind: 'person' as const,
      roles: [s.signerRole as Role],
      attributes: s.signerAttributes,
      decision: s.decision,
    }));
    const evidence = {
      validationPassedSites: ((request.evidence.validationPassedSites as string[] | undefined) ?? []).slice(),
      requiredSites: request.sites,
      cardMissing: assessCardCompleteness(model.card).missing,
    };
    // Every rule the target needs must approve; one rejection or one gap decides for all.
    const evaluations = rules.map((rule) =>
      evaluateApproval({ rule, submitterId: submitter, signatures: records, evidence }),
    );
    const evaluation: ApprovalEvaluation = evaluations.reduce<ApprovalEvaluation>(
      (acc, e) => ({
        status:
          acc.status === 'rejected' || e.status === 'rejected'
            ? 'rejected'
            : acc.status === 'pending' || e.status === 'pending'
              ? 'pending'
              : 'approved',
        missing: [...acc.missing, ...e.missing.filter((m) => !acc.missing.includes(m))],
        counted: [...acc.counted, ...e.counted],
        rejectedBy: [...new Set([...acc.rejectedBy, ...e.rejectedBy])],
        ignored: [...acc.ignored, ...e.ignored],
      }),
      {
        status: rules.length === 0 ? 'pending' : 'approved',
        missing: rules.length === 0 ? ['no policy rule covers this target'] : [],
        counted: [],
        rejectedBy: [],
        ignored: [],
      },
    );
    const expiry =
      request.status === 'approved' && request.expiresAt
        ? expiryState(request.expiresAt, new Date(), expiryWarningDaysOf(policy))
        : null;
    return { policy, rules, signatures, evaluation, expiry };
  }
}
