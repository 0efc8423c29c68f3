import type { FieldProblem } from '../errors/domain-error';
import type { ApprovalPolicy } from './approval-policy.types';
import { formatTarget } from './deployment-target';
import { GovernanceErrors } from './governance.errors';
import {
  describeRequirement,
  meetsRequirement,
  type SignerKind,
  type SignerQualifications,
} from './signature-requirement';

export interface EligibleSigner extends SignerQualifications {
  id: string;
  kind: SignerKind;
}

export interface SatisfiabilityOptions {
  /** Leave this person out of the count: the submitter of the version a request is for cannot sign it. */
  excludeId?: string;
}

/**
 * Problems that would make a rule impossible to meet with the people who exist now: each requirement needs
 * at least `count` people (not service accounts, not the excluded submitter) holding its role and attribute.
 * Checking each requirement alone is exact, because one person may count toward several requirements.
 * Pass `{ rules: [rule] }` to check only the rules a request needs.
 */
export function checkPolicySatisfiable(
  policy: Pick<ApprovalPolicy, 'rules'>,
  eligible: readonly EligibleSigner[],
  options: SatisfiabilityOptions = {},
): FieldProblem[] {
  const people = eligible.filter((e) => e.kind === 'person' && e.id !== options.excludeId);
  const distinct = new Map(people.map((p) => [p.id, p]));
  const problems: FieldProblem[] = [];
  policy.rules.forEach((rule, i) => {
    rule.signatures.forEach((requirement, j) => {
      const available = [...distinct.values()].filter((p) => meetsRequirement(p, requirement)).length;
      if (available >= requirement.count) return;
      const holding =
        requirement.attribute === undefined ? requirement.role : `${requirement.role} with ${requirement.attribute}`;
      const who =
        available === 0
          ? `nobody holds ${holding}`
          : `only ${available} ${available === 1 ? 'person holds' : 'people hold'} ${holding}`;
      const besides = options.excludeId === undefined ? '' : ' besides the submitter';
      problems.push({
        field: `rules[${i}].signatures[${j}]`,
        message: `rule ${formatTarget(rule.environment, rule.sites)}: needs ${describeRequirement(requirement)} but ${who}${besides}`,
      });
    });
  });
  return problems;
}

/** Throws when `checkPolicySatisfiable` finds anything, so a policy or request that can never pass is refused. */
export function assertPolicySatisfiable(
  policy: Pick<ApprovalPolicy, 'rules'>,
  eligible: readonly EligibleSigner[],
  options: SatisfiabilityOptions = {},
): void {
  const problems = checkPolicySatisfiable(policy, eligible, options);
  if (problems.length > 0) throw GovernanceErrors.policyUnsatisfiable(problems);
}
