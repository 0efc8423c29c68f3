import type { Role } from '../access/role';
import type { ApprovalRule, SignatureRequirement } from './approval-policy.types';
import { describeShortfall, meetsRequirement, rolesNamedBy, type SignerKind } from './signature-requirement';

export type SignatureDecision = 'approve' | 'reject';

/** One recorded signature on a request, with what its signer held when signing. */
export interface ApprovalSignatureRecord {
  signerId: string;
  kind: SignerKind;
  roles: Role[];
  attributes: string[];
  decision: SignatureDecision;
}

/** The evidence the request rests on, as the caller found it. */
export interface ApprovalEvidenceSnapshot {
  /** Sites with a passed validation run of this exact version. */
  validationPassedSites: string[];
  /** Sites the request covers; empty when it covers any site. */
  requiredSites: string[];
  /** Paths of the model card's undisclosed attributes (`assessCardCompleteness(...).missing`). */
  cardMissing: string[];
}

export interface ApprovalEvaluationInput {
  rule: ApprovalRule;
  submitterId: string;
  /** In the order they were recorded. */
  signatures: ApprovalSignatureRecord[];
  evidence: ApprovalEvidenceSnapshot;
}

export type ApprovalEvaluationStatus = 'pending' | 'approved' | 'rejected';

export interface RequirementCount {
  requirement: SignatureRequirement;
  /** Distinct signers whose approval counts toward this requirement (one signer may count toward several). */
  signerIds: string[];
  met: boolean;
}

export type IgnoredSignatureReason = 'service_account' | 'submitter' | 'repeated' | 'no_required_role';

export interface IgnoredSignature {
  signerId: string;
  reason: IgnoredSignatureReason;
}

export interface ApprovalEvaluation {
  status: ApprovalEvaluationStatus;
  /** What still stands between the request and approval, as sentences; empty once approved or rejected. */
  missing: string[];
  counted: RequirementCount[];
  /** Signers whose rejection decided the request. */
  rejectedBy: string[];
  /** Signatures that counted for nothing, and why. */
  ignored: IgnoredSignature[];
}

/**
 * Decides a request from its rule, signatures and evidence. A rejection by anyone holding a role the rule
 * names rejects it outright; otherwise it is approved once every signature requirement is met by distinct
 * people and no required evidence is missing, and pending until then. Service accounts and the submitter
 * never count, and each signer counts once (their first signature; `checkCanSign` refuses a second).
 */
export function evaluateApproval(input: ApprovalEvaluationInput): ApprovalEvaluation {
  const { rule, submitterId } = input;
  const requiredRoles = rolesNamedBy([rule]);
  const ignored: IgnoredSignature[] = [];
  const seen = new Set<string>();
  const valid: ApprovalSignatureRecord[] = [];
  for (const signature of input.signatures) {
    const reason = ignoreReason(signature, submitterId, seen, requiredRoles);
    seen.add(signature.signerId);
    if (reason === null) valid.push(signature);
    else ignored.push({ signerId: signature.signerId, reason });
  }

  const counted = rule.signatures.map((requirement) => {
    const signerIds = valid
      .filter((s) => s.decision === 'approve' && meetsRequirement(s, requirement))
      .map((s) => s.signerId);
    return { requirement, signerIds, met: signerIds.length >= requirement.count };
  });

  const rejectedBy = valid.filter((s) => s.decision === 'reject').map((s) => s.signerId);
  if (rejectedBy.length > 0) return { status: 'rejected', missing: [], counted, rejectedBy, ignored };

  const missing = [
    ...counted.filter((c) => !c.met).map((c) => describeShortfall(c.requirement, c.signerIds.length)),
    ...evidenceGaps(rule, input.evidence),
  ];
  return { status: missing.length === 0 ? 'approved' : 'pending', missing, counted, rejectedBy, ignored };
}

function ignoreReason(
  signature: ApprovalSignatureRecord,
  submitterId: string,
  seen: ReadonlySet<string>,
  requiredRoles: readonly Role[],
): IgnoredSignatureReason | null {
  if (signature.kind !== 'person') return 'service_account';
  if (signature.signerId === submitterId) return 'submitter';
  if (seen.has(signature.signerId)) return 'repeated';
  if (!signature.roles.some((r) => requiredRoles.includes(r))) return 'no_required_role';
  return null;
}

function evidenceGaps(rule: ApprovalRule, evidence: ApprovalEvidenceSnapshot): string[] {
  const gaps: string[] = [];
  if (rule.evidence?.validationPassedAtEverySite) {
    if (evidence.requiredSites.length === 0) {
      // A request for any site names no sites to check; it still needs some validation to rest on.
      if (evidence.validationPassedSites.length === 0) gaps.push('a passed validation at any site');
    } else {
      for (const site of evidence.requiredSites) {
        if (!evidence.validationPassedSites.includes(site)) gaps.push(`a passed validation at ${site}`);
      }
    }
  }
  if (rule.evidence?.cardComplete && evidence.cardMissing.length > 0) {
    gaps.push(`card attributes: ${evidence.cardMissing.join(', ')}`);
  }
  return gaps;
}
