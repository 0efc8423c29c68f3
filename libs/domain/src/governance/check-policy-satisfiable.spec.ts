import type { Role } from '../access/role';
import type { ApprovalPolicy } from './approval-policy.types';
import { assertPolicySatisfiable, checkPolicySatisfiable, type EligibleSigner } from './check-policy-satisfiable';
import { domainErrorOf } from './testing/domain-error-of';

const person = (id: string, roles: Role[] = ['approver'], attributes: string[] = []): EligibleSigner => ({
  id,
  kind: 'person',
  roles,
  attributes,
});

const policy: ApprovalPolicy = {
  rules: [
    {
      environment: 'production',
      signatures: [
        { role: 'approver', count: 3 },
        { role: 'approver', count: 1, attribute: 'clinical-lead' },
      ],
    },
    { environment: 'shadow', sites: ['site-a', 'site-b'], signatures: [{ role: 'validator', count: 1 }] },
  ],
};

describe('checkPolicySatisfiable', () => {
  it('finds nothing wrong when enough people hold each role', () => {
    const people = [person('a', ['approver'], ['clinical-lead']), person('b'), person('c'), person('v', ['validator'])];
    expect(checkPolicySatisfiable(policy, people)).toEqual([]);
  });

  it('names each requirement that too few people can meet', () => {
    expect(checkPolicySatisfiable(policy, [person('a'), person('b')])).toEqual([
      {
        field: 'rules[0].signatures[0]',
        message: 'rule production/*: needs 3 approver signatures but only 2 people hold approver',
      },
      {
        field: 'rules[0].signatures[1]',
        message:
          'rule production/*: needs 1 approver signature holding clinical-lead but nobody holds approver with clinical-lead',
      },
      {
        field: 'rules[1].signatures[0]',
        message: 'rule shadow/site-a,site-b: needs 1 validator signature but nobody holds validator',
      },
    ]);
  });

  it('uses the singular for one person', () => {
    const onlyOne = { rules: [{ environment: 'production', signatures: [{ role: 'approver' as const, count: 2 }] }] };
    expect(checkPolicySatisfiable(onlyOne, [person('a')])[0].message).toBe(
      'rule production/*: needs 2 approver signatures but only 1 person holds approver',
    );
  });

  it('does not count service accounts, or the same person twice', () => {
    const ci: EligibleSigner = { id: 'ci', kind: 'service', roles: ['approver'], attributes: ['clinical-lead'] };
    const people = [
      person('a', ['approver'], ['clinical-lead']),
      person('a', ['approver'], ['clinical-lead']),
      person('b'),
      ci,
    ];
    expect(checkPolicySatisfiable({ rules: [policy.rules[0]] }, people).map((p) => p.message)).toEqual([
      'rule production/*: needs 3 approver signatures but only 2 people hold approver',
    ]);
  });

  it('leaves the submitter out when asked, and says so', () => {
    const people = [person('a', ['approver'], ['clinical-lead']), person('b'), person('c')];
    expect(checkPolicySatisfiable({ rules: [policy.rules[0]] }, people)).toEqual([]);
    expect(
      checkPolicySatisfiable({ rules: [policy.rules[0]] }, people, { excludeId: 'a' }).map((p) => p.message),
    ).toEqual([
      'rule production/*: needs 3 approver signatures but only 2 people hold approver besides the submitter',
      'rule production/*: needs 1 approver signature holding clinical-lead but nobody holds approver with clinical-lead besides the submitter',
    ]);
  });

  it('lets one person count toward several requirements', () => {
    const both: ApprovalPolicy = {
      rules: [
        {
          environment: 'production',
          signatures: [
            { role: 'approver', count: 1 },
            { role: 'validator', count: 1 },
            { role: 'approver', count: 1, attribute: 'clinical-lead' },
          ],
        },
      ],
    };
    expect(checkPolicySatisfiable(both, [person('a', ['approver', 'validator'], ['clinical-lead'])])).toEqual([]);
  });

  it('does not let admin stand in for an approver', () => {
    expect(checkPolicySatisfiable({ rules: [policy.rules[1]] }, [person('root', ['admin'])])).toHaveLength(1);
  });
});

describe('assertPolicySatisfiable', () => {
  it('passes a satisfiable policy and refuses an unsatisfiable one with every problem', () => {
    expect(() => assertPolicySatisfiable({ rules: [policy.rules[1]] }, [person('v', ['validator'])])).not.toThrow();
    const e = domainErrorOf(() => assertPolicySatisfiable(policy, [person('a')]));
    expect(e.code).toBe('policy_unsatisfiable');
    expect(e.extra).toEqual({ reason: 'policy_unsatisfiable' });
    expect(e.errors).toHaveLength(3);
    expect(e.message).toBe(
      'This approval could never be given: rule production/*: needs 3 approver signatures but only 1 person holds approver; ' +
        'rule production/*: needs 1 approver signature holding clinical-lead but nobody holds approver with clinical-lead; ' +
        'rule shadow/site-a,site-b: needs 1 validator signature but nobody holds validator.',
    );
  });
});
