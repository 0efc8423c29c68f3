import type { ApprovalPolicy, ApprovalRule } from './approval-policy.types';
import { ANY_SITE, ruleFor, rulesForTarget } from './select-approval-rule';

const rule = (environment: string, sites?: string[], count = 1): ApprovalRule => ({
  environment,
  ...(sites === undefined ? {} : { sites }),
  signatures: [{ role: 'approver', count }],
});

const anyProduction = rule('production', undefined, 2);
const productionAB = rule('production', ['site-a', 'site-b'], 3);
const productionC = rule('production', ['site-c'], 4);
const shadowA = rule('shadow', ['site-a']);
// Site rules after the wildcard on purpose: specificity, not order, decides.
const policy: ApprovalPolicy = { rules: [anyProduction, productionAB, shadowA, productionC] };

describe('ruleFor', () => {
  it('prefers a rule listing the site over the rule for any site, whatever their order', () => {
    expect(ruleFor(policy, 'production', 'site-a')).toBe(productionAB);
    expect(ruleFor(policy, 'production', 'site-b')).toBe(productionAB);
    expect(ruleFor(policy, 'production', 'site-c')).toBe(productionC);
    expect(ruleFor({ rules: [productionAB, anyProduction] }, 'production', 'site-a')).toBe(productionAB);
  });

  it('falls back to the rule for any site', () => {
    expect(ruleFor(policy, 'production', 'site-z')).toBe(anyProduction);
  });

  it('returns null when nothing governs the target', () => {
    expect(ruleFor(policy, 'shadow', 'site-b')).toBeNull();
    expect(ruleFor(policy, 'staging', 'site-a')).toBeNull();
    expect(ruleFor({ rules: [] }, 'production', 'site-a')).toBeNull();
  });

  it('matches environment and site names exactly', () => {
    expect(ruleFor(policy, 'Production', 'site-a')).toBeNull();
    expect(ruleFor(policy, 'shadow', 'site-a ')).toBeNull();
  });

  it('takes the first candidate of a kind in an unchecked policy', () => {
    const first = rule('production');
    expect(ruleFor({ rules: [first, rule('production')] }, 'production', 'x')).toBe(first);
  });
});

describe('rulesForTarget', () => {
  it('gathers each site’s rule once, in policy order', () => {
    expect(rulesForTarget(policy, 'production', ['site-c', 'site-a', 'site-z', 'site-b'])).toEqual({
      rules: [anyProduction, productionAB, productionC],
      uncovered: [],
    });
  });

  it('names the sites nothing governs, once each', () => {
    expect(rulesForTarget(policy, 'shadow', ['site-a', 'site-b', 'site-b'])).toEqual({
      rules: [shadowA],
      uncovered: ['site-b'],
    });
  });

  it('for any site, needs the rule for any site and every site rule of the environment', () => {
    expect(rulesForTarget(policy, 'production', null)).toEqual({
      rules: [anyProduction, productionAB, productionC],
      uncovered: [],
    });
  });

  it('for any site without a rule for any site, reports the gap', () => {
    expect(rulesForTarget(policy, 'shadow', null)).toEqual({ rules: [shadowA], uncovered: [ANY_SITE] });
    expect(rulesForTarget(policy, 'staging', null)).toEqual({ rules: [], uncovered: ['*'] });
  });

  it('with no sites at all, needs nothing and reports nothing', () => {
    expect(rulesForTarget(policy, 'production', [])).toEqual({ rules: [], uncovered: [] });
  });
});
