import { DomainError } from '../errors/domain-error';
import { GovernanceErrors } from './governance.errors';

describe('GovernanceErrors', () => {
  it('words the policy errors from their problems', () => {
    const e = GovernanceErrors.invalidPolicy([
      { field: 'rules', message: 'must hold at least one rule' },
      { field: 'x', message: 'unknown field' },
    ]);
    expect(e).toBeInstanceOf(DomainError);
    expect(e.code).toBe('validation_failed');
    expect(e.message).toBe('The approval policy is invalid: rules: must hold at least one rule; x: unknown field.');
    expect(e.errors).toHaveLength(2);
  });

  it('uses only existing codes, naming the precise failure in extra.reason', () => {
    const cases: [DomainError, string, string | undefined][] = [
      [GovernanceErrors.policyUnsatisfiable([]), 'policy_unsatisfiable', 'policy_unsatisfiable'],
      [GovernanceErrors.invalidSignedContent([]), 'validation_failed', undefined],
      [GovernanceErrors.serviceAccountCannotSign('ci'), 'signer_not_a_person', 'signer_not_a_person'],
      [GovernanceErrors.submitterCannotSign('sam'), 'separation_of_duties', 'separation_of_duties'],
      [GovernanceErrors.alreadySigned('sam'), 'already_signed', 'already_signed'],
      [GovernanceErrors.requestNotOpen('approved'), 'approval_request_not_open', 'approval_request_not_open'],
      [GovernanceErrors.roleCannotSign('v', ['viewer'], ['approver']), 'forbidden', 'role_not_required'],
      [GovernanceErrors.approvalMissing('x'), 'promotion_not_approved', 'promotion_not_approved'],
      [GovernanceErrors.approvalExpired('x', new Date(0)), 'promotion_not_approved', 'promotion_not_approved'],
      [GovernanceErrors.nothingToRollBack('x'), 'nothing_to_roll_back', 'nothing_to_roll_back'],
    ];
    for (const [error, code, reason] of cases) {
      expect(error.code).toBe(code);
      expect(error.extra?.reason).toBe(reason);
    }
  });

  it('only mentions opening a new request for a stale one', () => {
    expect(GovernanceErrors.requestNotOpen('stale').message).toMatch(/open a new request/);
    expect(GovernanceErrors.requestNotOpen('approved').message).toBe(
      'The approval request is approved; only an open request can be signed.',
    );
  });
});
