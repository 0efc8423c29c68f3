import type { ApprovalPolicy, ApprovalRule } from './approval-policy.types';

/**
 * The rule that governs one (environment, site): a rule listing the site beats the environment's rule for any
 * site; null when the policy says nothing about it (and so nothing can be approved there). A parsed policy has
 * at most one candidate of each kind; for an unchecked one the first in order wins.
 */
export function ruleFor(policy: ApprovalPolicy, environment: string, site: string): ApprovalRule | null {
  let wildcard: ApprovalRule | null = null;
  for (const rule of policy.rules) {
    if (rule.environment !== environment) continue;
    if (rule.sites === undefined) wildcard ??= rule;
    else if (rule.sites.includes(site)) return rule;
  }
  return wildcard;
}

/** The sentinel in `uncovered` for "any site": the request asked for every site but no rule covers any site. */
export const ANY_SITE = '*';

export interface TargetRules {
  /** Every rule an approval for the target must satisfy, in policy order, each once. */
  rules: ApprovalRule[];
  /** Sites no rule governs (or `ANY_SITE`); a request naming them cannot be approved. */
  uncovered: string[];
}

/**
 * The rules a request for several sites must satisfy at once. A request for any site (`sites` null) could be
 * promoted to any site, so it needs the environment's rule for any site and also every site-specific rule
 * of that environment: otherwise it would be a way around a stricter rule for one site.
 */
export function rulesForTarget(
  policy: ApprovalPolicy,
  environment: string,
  sites: readonly string[] | null,
): TargetRules {
  const chosen = new Set<ApprovalRule>();
  const uncovered: string[] = [];
  if (sites === null) {
    const forEnvironment = policy.rules.filter((r) => r.environment === environment);
    if (!forEnvironment.some((r) => r.sites === undefined)) uncovered.push(ANY_SITE);
    forEnvironment.forEach((r) => chosen.add(r));
  } else {
    for (const site of sites) {
      const rule = ruleFor(policy, environment, site);
      if (rule === null) {
        if (!uncovered.includes(site)) uncovered.push(site);
      } else chosen.add(rule);
    }
  }
  return { rules: policy.rules.filter((r) => chosen.has(r)), uncovered };
}
