import { parseApprovalPolicy } from './parse-approval-policy';
import { domainErrorOf } from './testing/domain-error-of';

const production = () => ({
  environment: 'production',
  signatures: [
    { role: 'approver', count: 2 },
    { role: 'approver', count: 1, attribute: 'clinical-lead' },
  ],
  evidence: { validationPassedAtEverySite: true, cardComplete: true },
});

/** The problems a policy is refused with, as `field: message` lines. */
function problemsOf(input: unknown): string[] {
  const error = domainErrorOf(() => parseApprovalPolicy(input));
  expect(error.code).toBe('validation_failed');
  return (error.errors ?? []).map((e) => `${e.field}: ${e.message}`);
}

function fieldsOf(input: unknown): string[] {
  return problemsOf(input).map((line) => line.slice(0, line.indexOf(': ')));
}

describe('parseApprovalPolicy', () => {
  describe('accepts', () => {
    it('the committee policy: 2 approvers, one a clinical lead, evidence required, with a lifetime', () => {
      const input = { rules: [production()], approvalLifetimeDays: 365, expiryWarningDays: 45 };
      expect(parseApprovalPolicy(input)).toEqual(input);
    });

    it('a minimal policy, leaving optional fields out rather than filling them', () => {
      const policy = parseApprovalPolicy({
        rules: [{ environment: 'staging', signatures: [{ role: 'approver', count: 1 }] }],
      });
      expect(policy).toEqual({ rules: [{ environment: 'staging', signatures: [{ role: 'approver', count: 1 }] }] });
      expect(Object.keys(policy)).toEqual(['rules']);
      expect(Object.keys(policy.rules[0])).toEqual(['environment', 'signatures']);
    });

    it('site rules beside a rule for any site, the same site in two environments, and an empty evidence block', () => {
      const rules = [
        { environment: 'production', signatures: [{ role: 'approver', count: 1 }] },
        { environment: 'production', sites: ['site-a', 'site-b'], signatures: [{ role: 'approver', count: 3 }] },
        { environment: 'shadow', sites: ['site-a'], signatures: [{ role: 'validator', count: 1 }], evidence: {} },
      ];
      expect(parseApprovalPolicy({ rules }).rules).toEqual(rules);
    });

    it('the same role with and without an attribute as two requirements, and evidence flags set false', () => {
      const rule = {
        environment: 'production',
        signatures: [
          { role: 'approver', count: 2 },
          { role: 'approver', count: 1, attribute: 'clinical-lead' },
          { role: 'approver', count: 1, attribute: 'safety-officer' },
        ],
        evidence: { validationPassedAtEverySite: false, cardComplete: false },
      };
      expect(parseApprovalPolicy({ rules: [rule] }).rules[0]).toEqual(rule);
    });

    it('returns a copy: changing the input later does not change the policy', () => {
      const input = { rules: [production()] };
      const policy = parseApprovalPolicy(input);
      input.rules[0].signatures[0].count = 9;
      expect(policy.rules[0].signatures[0].count).toBe(2);
      expect(policy.rules).not.toBe(input.rules);
    });

    it('a lifetime just above the default warning window, and a warning of 0 days', () => {
      expect(parseApprovalPolicy({ rules: [production()], approvalLifetimeDays: 31 }).approvalLifetimeDays).toBe(31);
      expect(
        parseApprovalPolicy({ rules: [production()], approvalLifetimeDays: 1, expiryWarningDays: 0 }),
      ).toMatchObject({
        approvalLifetimeDays: 1,
        expiryWarningDays: 0,
      });
      expect(parseApprovalPolicy({ rules: [production()], expiryWarningDays: 90 }).expiryWarningDays).toBe(90);
    });
  });

  describe('refuses, naming the field', () => {
    it.each([null, undefined, [], 'rules', 3, true])('a policy that is not an object: %j', (input) => {
      expect(problemsOf(input)).toEqual(['policy: must be an object with a "rules" list']);
    });

    it('missing, non-list and empty rules', () => {
      expect(problemsOf({})).toEqual(['rules: is required: at least one rule']);
      expect(problemsOf({ rules: {} })).toEqual(['rules: must be a list of rules']);
      expect(problemsOf({ rules: [] })).toEqual(['rules: must hold at least one rule']);
    });

    it('more rules than allowed', () => {
      const rules = Array.from({ length: 201 }, (_, i) => ({
        environment: 'production',
        sites: [`site-${i}`],
        signatures: [{ role: 'approver', count: 1 }],
      }));
      expect(problemsOf({ rules })).toEqual(['rules: may hold at most 200 rules']);
      expect(parseApprovalPolicy({ rules: rules.slice(1) }).rules).toHaveLength(200);
    });

    it('only own properties: an inherited "rules" does not count', () => {
      expect(fieldsOf(Object.create({ rules: [production()] }))).toEqual(['rules']);
    });

    it('unknown fields at every level, with their path', () => {
      const input = {
        rules: [
          {
            ...production(),
            evidnce: {},
            signatures: [{ role: 'approver', count: 2, attributes: 'x' }],
            evidence: { cardComplete: true, validatedEverywhere: true },
          },
        ],
        lifetime: 3,
        __proto__x: 1,
      };
      expect(problemsOf(input)).toEqual([
        'lifetime: unknown field; allowed here: rules, approvalLifetimeDays, expiryWarningDays',
        '__proto__x: unknown field; allowed here: rules, approvalLifetimeDays, expiryWarningDays',
        'rules[0].evidnce: unknown field; allowed here: environment, sites, signatures, evidence',
        'rules[0].signatures[0].attributes: unknown field; allowed here: role, count, attribute',
        'rules[0].evidence.validatedEverywhere: unknown field; allowed here: validationPassedAtEverySite, cardComplete',
      ]);
    });

    it('a "__proto__" key that JSON.parse made an own property', () => {
      const input = JSON.parse(
        '{"rules":[{"environment":"production","signatures":[{"role":"approver","count":1}],"__proto__":{"x":1}}]}',
      );
      expect(fieldsOf(input)).toEqual(['rules[0].__proto__']);
    });

    it('a rule that is not an object', () => {
      expect(problemsOf({ rules: ['production'] })).toEqual([
        'rules[0]: must be an object with "environment" and "signatures"',
      ]);
    });

    it.each([
      [undefined, 'rules[0].environment: is required, e.g. "production"'],
      [7, 'rules[0].environment: must be a string'],
      ['', 'rules[0].environment: "" is not a valid name'],
      ['Production', 'rules[0].environment: "Production" is not a valid name'],
      ['*', 'rules[0].environment: "*" is not a valid name'],
      ['prod/eu', 'rules[0].environment: "prod/eu" is not a valid name'],
      [' production', 'rules[0].environment: " production" is not a valid name'],
      ['p'.repeat(101), `rules[0].environment: "${'p'.repeat(101)}" is not a valid name`],
    ])('environment %j', (environment, expected) => {
      const rule: Record<string, unknown> = { ...production(), environment };
      if (environment === undefined) delete rule.environment;
      const problems = problemsOf({ rules: [rule] });
      expect(problems).toHaveLength(1);
      expect(problems[0].startsWith(expected)).toBe(true);
    });

    it('sites that are not a list, empty, malformed or repeated', () => {
      expect(problemsOf({ rules: [{ ...production(), sites: 'site-a' }] })).toEqual([
        'rules[0].sites: must be a list of site names; leave it out to mean any site',
      ]);
      expect(problemsOf({ rules: [{ ...production(), sites: [] }] })).toEqual([
        'rules[0].sites: is empty, which would match no site; leave it out to mean any site',
      ]);
      expect(fieldsOf({ rules: [{ ...production(), sites: ['site-a', 'Site B', 3, 'site-a', 'site-c'] }] })).toEqual([
        'rules[0].sites[1]',
        'rules[0].sites[2]',
        'rules[0].sites[3]',
      ]);
      expect(problemsOf({ rules: [{ ...production(), sites: ['site-a', 'site-a'] }] })).toEqual([
        'rules[0].sites[1]: "site-a" is listed twice',
      ]);
    });

    it('signatures missing, not a list, empty or not objects', () => {
      const { signatures: _s, ...noSignatures } = production();
      expect(problemsOf({ rules: [noSignatures] })).toEqual([
        'rules[0].signatures: is required: at least one signature requirement',
      ]);
      expect(problemsOf({ rules: [{ ...production(), signatures: { role: 'approver' } }] })).toEqual([
        'rules[0].signatures: must be a list of {role, count, attribute?}',
      ]);
      expect(problemsOf({ rules: [{ ...production(), signatures: [] }] })).toEqual([
        'rules[0].signatures: must hold at least one requirement: nothing reaches patients unsigned',
      ]);
      expect(problemsOf({ rules: [{ ...production(), signatures: ['approver'] }] })).toEqual([
        'rules[0].signatures[0]: must be an object like {role: approver, count: 2}',
      ]);
    });

    it('a requirement without a role or with one that does not exist', () => {
      expect(problemsOf({ rules: [{ ...production(), signatures: [{ count: 1 }] }] })).toEqual([
        'rules[0].signatures[0].role: is required, one of: viewer, submitter, validator, approver, deployer, admin',
      ]);
      expect(problemsOf({ rules: [{ ...production(), signatures: [{ role: 'clinician', count: 1 }] }] })).toEqual([
        'rules[0].signatures[0].role: must be one of: viewer, submitter, validator, approver, deployer, admin',
      ]);
    });

    it.each([0, -1, 1.5, '2', null, 51, Number.NaN, Number.POSITIVE_INFINITY])('a count of %j', (count) => {
      expect(problemsOf({ rules: [{ ...production(), signatures: [{ role: 'approver', count }] }] })).toEqual([
        'rules[0].signatures[0].count: must be a whole number from 1 to 50',
      ]);
    });

    it('a requirement without a count', () => {
      expect(problemsOf({ rules: [{ ...production(), signatures: [{ role: 'approver' }] }] })).toEqual([
        'rules[0].signatures[0].count: is required: how many distinct people must sign',
      ]);
    });

    it('a malformed attribute', () => {
      expect(
        fieldsOf({ rules: [{ ...production(), signatures: [{ role: 'approver', count: 1, attribute: '' }] }] }),
      ).toEqual(['rules[0].signatures[0].attribute']);
      expect(
        fieldsOf({ rules: [{ ...production(), signatures: [{ role: 'approver', count: 1, attribute: ['x'] }] }] }),
      ).toEqual(['rules[0].signatures[0].attribute']);
    });

    it('the same role and attribute required twice', () => {
      const signatures = [
        { role: 'approver', count: 2 },
        { role: 'approver', count: 1, attribute: 'clinical-lead' },
        { role: 'approver', count: 3 },
        { role: 'approver', count: 1, attribute: 'clinical-lead' },
      ];
      expect(problemsOf({ rules: [{ ...production(), signatures }] })).toEqual([
        'rules[0].signatures[2]: repeats rules[0].signatures[0]; state each role and attribute once, with the count you need',
        'rules[0].signatures[3]: repeats rules[0].signatures[1]; state each role and attribute once, with the count you need',
      ]);
    });

    it('evidence that is not an object, or flags that are not booleans', () => {
      expect(problemsOf({ rules: [{ ...production(), evidence: true }] })).toEqual([
        'rules[0].evidence: must be an object like {validationPassedAtEverySite: true, cardComplete: true}',
      ]);
      expect(
        problemsOf({ rules: [{ ...production(), evidence: { validationPassedAtEverySite: 'yes', cardComplete: 1 } }] }),
      ).toEqual([
        'rules[0].evidence.validationPassedAtEverySite: must be true or false',
        'rules[0].evidence.cardComplete: must be true or false',
      ]);
    });

    it('two rules for any site of one environment', () => {
      expect(
        problemsOf({ rules: [production(), { ...production(), signatures: [{ role: 'approver', count: 1 }] }] }),
      ).toEqual(['rules[1]: production at any site is already covered by rules[0]']);
    });

    it('a site governed by two rules of one environment', () => {
      const rules = [
        { ...production(), sites: ['site-a', 'site-b'] },
        { ...production(), sites: ['site-c'] },
        { ...production(), sites: ['site-c', 'site-d', 'site-a'] },
      ];
      expect(problemsOf({ rules })).toEqual([
        'rules[2].sites[0]: production at site-c is already covered by rules[1]',
        'rules[2].sites[2]: production at site-a is already covered by rules[0]',
      ]);
    });

    it.each([0, -5, 2.5, '365', 3651])('an approval lifetime of %j', (approvalLifetimeDays) => {
      expect(problemsOf({ rules: [production()], approvalLifetimeDays })).toEqual([
        'approvalLifetimeDays: must be a whole number from 1 to 3650',
      ]);
    });

    it.each([-1, 0.5, '30', 3651])('a warning window of %j', (expiryWarningDays) => {
      expect(problemsOf({ rules: [production()], expiryWarningDays })).toEqual([
        'expiryWarningDays: must be a whole number from 0 to 3650',
      ]);
    });

    it('a warning window as long as the lifetime, given or by default', () => {
      expect(problemsOf({ rules: [production()], approvalLifetimeDays: 60, expiryWarningDays: 60 })).toEqual([
        'expiryWarningDays: (60) must be shorter than approvalLifetimeDays (60), or every approval would be nearing expiry from the day it is given',
      ]);
      expect(problemsOf({ rules: [production()], approvalLifetimeDays: 30 })).toEqual([
        'expiryWarningDays: (30, the default) must be shorter than approvalLifetimeDays (30), or every approval would be nearing expiry from the day it is given',
      ]);
    });
  });

  it('collects every problem in one error, and words the message from them', () => {
    const input = {
      rules: [
        { environment: 'Prod', sites: [], signatures: [{ role: 'boss', count: 0 }], extra: 1 },
        { environment: 'production', signatures: [] },
        'x',
      ],
      approvalLifetimeDays: -1,
      expiryWarningDays: 'soon',
      owner: 'me',
    };
    const error = domainErrorOf(() => parseApprovalPolicy(input));
    expect(error.code).toBe('validation_failed');
    expect(error.errors!.map((e) => e.field)).toEqual([
      'owner',
      'rules[0].extra',
      'rules[0].environment',
      'rules[0].sites',
      'rules[0].signatures[0].role',
      'rules[0].signatures[0].count',
      'rules[1].signatures',
      'rules[2]',
      'approvalLifetimeDays',
      'expiryWarningDays',
    ]);
    expect(error.message.startsWith('The approval policy is invalid: owner: unknown field; allowed here:')).toBe(true);
    expect(error.message.endsWith('expiryWarningDays: must be a whole number from 0 to 3650.')).toBe(true);
  });
});
