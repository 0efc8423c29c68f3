import type { Role } from '../access/role';
import type { ApprovalRule, SignatureRequirement } from './approval-policy.types';

/** Who may be counted: people sign, service accounts (CI) never do. */
export type SignerKind = 'person' | 'service';

/** What a signer holds, as far as requirements are concerned. */
export interface SignerQualifications {
  roles: readonly Role[];
  attributes: readonly string[];
}

/**
 * Whether a signer can count toward a requirement. Roles match literally: `admin` does not stand in for an
 * `approver`, because whoever administers the system is not thereby a member of the committee.
 */
export function meetsRequirement(signer: SignerQualifications, requirement: SignatureRequirement): boolean {
  return (
    signer.roles.includes(requirement.role) &&
    (requirement.attribute === undefined || signer.attributes.includes(requirement.attribute))
  );
}

/** "2 approver signatures", "1 approver signature holding clinical-lead". */
export function describeRequirement(requirement: SignatureRequirement): string {
  return phrase(requirement.count, '', requirement);
}

/** What is still needed after `have` qualifying signatures: "1 more approver signature holding clinical-lead". */
export function describeShortfall(requirement: SignatureRequirement, have: number): string {
  return phrase(Math.max(0, requirement.count - have), 'more ', requirement);
}

function phrase(count: number, more: string, requirement: SignatureRequirement): string {
  const holding = requirement.attribute === undefined ? '' : ` holding ${requirement.attribute}`;
  return `${count} ${more}${requirement.role} signature${count === 1 ? '' : 's'}${holding}`;
}

/** The roles some requirement of these rules names, each once, in first-seen order. */
export function rolesNamedBy(rules: readonly ApprovalRule[]): Role[] {
  const roles: Role[] = [];
  for (const rule of rules) for (const r of rule.signatures) if (!roles.includes(r.role)) roles.push(r.role);
  return roles;
}
