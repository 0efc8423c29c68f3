import type { Role } from '../access/role';

/** One kind of signature a rule needs: `count` distinct people holding `role` (and `attribute`, if named). */
export interface SignatureRequirement {
  role: Role;
  count: number;
  /** A qualification the signer must also hold, e.g. `clinical-lead`. */
  attribute?: string;
}

/** Evidence that must be on the request before its signatures can approve it. */
export interface ApprovalEvidenceRequirement {
  /** A passed validation run at every site the request covers. */
  validationPassedAtEverySite?: boolean;
  /** Every HTI-1 source attribute of the model card disclosed. */
  cardComplete?: boolean;
}

/** What an approval for one environment (optionally only some sites) needs. */
export interface ApprovalRule {
  environment: string;
  /** The sites this rule is for; omitted means any site without a rule of its own. */
  sites?: string[];
  /** All must be met. */
  signatures: SignatureRequirement[];
  evidence?: ApprovalEvidenceRequirement;
}

/** A model's approval policy, as an admin writes it (YAML or JSON). */
export interface ApprovalPolicy {
  /** At least one; no two rules cover the same (environment, site). */
  rules: ApprovalRule[];
  /** Approvals expire this many days after they were granted (the continued-validation schedule). */
  approvalLifetimeDays?: number;
  /** How long before expiry an approval is reported as nearing it; 30 when omitted. */
  expiryWarningDays?: number;
}

export const DEFAULT_EXPIRY_WARNING_DAYS = 30;

/** The warning window a policy asks for, with the default filled in. */
export function expiryWarningDaysOf(policy: Pick<ApprovalPolicy, 'expiryWarningDays'>): number {
  return policy.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS;
}
