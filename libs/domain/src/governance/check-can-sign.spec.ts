import type { ApprovalRule } from './approval-policy.types';
import { APPROVAL_REQUEST_STATUSES } from './approval-request-lifecycle.machine';
import { checkCanSign, type CanSignInput } from './check-can-sign';
import { domainErrorOf } from './testing/domain-error-of';

const rules: ApprovalRule[] = [
  { environment: 'production', signatures: [{ role: 'approver', count: 2 }] },
  { environment: 'production', sites: ['site-a'], signatures: [{ role: 'validator', count: 1 }] },
];

const base = (): CanSignInput => ({
  signer: { id: 'rivera', kind: 'person', roles: ['approver'] },
  submitterId: 'sam',
  requestStatus: 'open',
  signedBy: ['chen'],
  rules,
});

describe('checkCanSign', () => {
  it('lets a person with a required role sign an open request once', () => {
    expect(() => checkCanSign(base())).not.toThrow();
    expect(() =>
      checkCanSign({ ...base(), signer: { id: 'val', kind: 'person', roles: ['validator'] } }),
    ).not.toThrow();
    expect(() =>
      checkCanSign({ ...base(), rules: undefined, signer: { id: 'v', kind: 'person', roles: [] } }),
    ).not.toThrow();
  });

  it('refuses a service account: forbidden', () => {
    const e = domainErrorOf(() =>
      checkCanSign({ ...base(), signer: { id: 'ci-bot', kind: 'service', roles: ['approver'] } }),
    );
    expect(e.code).toBe('signer_not_a_person');
    expect(e.extra).toEqual({ reason: 'signer_not_a_person' });
    expect(e.message).toBe(
      '"ci-bot" is a service account; only people can sign approvals. Sign with your own credentials.',
    );
  });

  it('refuses the submitter: forbidden, separation of duties', () => {
    const e = domainErrorOf(() => checkCanSign({ ...base(), submitterId: 'rivera' }));
    expect(e.code).toBe('separation_of_duties');
    expect(e.extra).toEqual({ reason: 'separation_of_duties' });
    expect(e.message).toMatch(/separation of duties/);
  });

  it('refuses a second signature by the same person, whatever the first decided', () => {
    const e = domainErrorOf(() => checkCanSign({ ...base(), signedBy: ['chen', 'rivera'] }));
    expect(e.code).toBe('already_signed');
    expect(e.extra).toEqual({ reason: 'already_signed' });
    expect(e.message).toMatch(/already signed/);
  });

  it.each(APPROVAL_REQUEST_STATUSES.filter((s) => s !== 'open'))('refuses signing a %s request', (status) => {
    const e = domainErrorOf(() => checkCanSign({ ...base(), requestStatus: status }));
    expect(e.code).toBe('approval_request_not_open');
    expect(e.extra).toEqual({ reason: 'approval_request_not_open', status });
    expect(e.message.startsWith(`The approval request is ${status}; only an open request can be signed.`)).toBe(true);
  });

  it('tells the signer of a stale request what to do', () => {
    expect(domainErrorOf(() => checkCanSign({ ...base(), requestStatus: 'stale' })).message).toMatch(
      /changed under it: open a new request/,
    );
  });

  it('refuses a person holding none of the roles the rules name', () => {
    const e = domainErrorOf(() =>
      checkCanSign({ ...base(), signer: { id: 'dee', kind: 'person', roles: ['deployer', 'admin'] } }),
    );
    expect(e.code).toBe('forbidden');
    expect(e.extra).toEqual({ reason: 'role_not_required' });
    expect(e.message).toBe('"dee" holds deployer, admin; this request needs signatures from: approver, validator.');
    expect(
      domainErrorOf(() => checkCanSign({ ...base(), signer: { id: 'n', kind: 'person', roles: [] } })).message,
    ).toMatch(/holds no role/);
  });

  it('checks in a fixed order: service account, request state, submitter, repeat, role', () => {
    const worst: CanSignInput = {
      signer: { id: 'sam', kind: 'service', roles: [] },
      submitterId: 'sam',
      requestStatus: 'stale',
      signedBy: ['sam'],
      rules,
    };
    expect(domainErrorOf(() => checkCanSign(worst)).extra?.reason).toBe('signer_not_a_person');
    const person = { ...worst, signer: { ...worst.signer, kind: 'person' as const } };
    expect(domainErrorOf(() => checkCanSign(person)).extra?.reason).toBe('approval_request_not_open');
    expect(domainErrorOf(() => checkCanSign({ ...person, requestStatus: 'open' })).extra?.reason).toBe(
      'separation_of_duties',
    );
    expect(
      domainErrorOf(() => checkCanSign({ ...person, requestStatus: 'open', submitterId: 'x' })).extra?.reason,
    ).toBe('already_signed');
    expect(
      domainErrorOf(() => checkCanSign({ ...person, requestStatus: 'open', submitterId: 'x', signedBy: [] })).extra
        ?.reason,
    ).toBe('role_not_required');
  });
});
