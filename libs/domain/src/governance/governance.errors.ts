import type { Role } from '../access/role';
import { DomainError, type FieldProblem } from '../errors/domain-error';

/**
 * Constructors for governance failures, so every message is worded once. Until `DomainErrorCode` has codes of
 * its own for them, each uses the nearest existing code and names the precise one in `extra.reason`, so the
 * switch later is a one-word change per constructor.
 */
export const GovernanceErrors = {
  invalidPolicy: (errors: FieldProblem[]) =>
    new DomainError(
      'validation_failed',
      `The approval policy is invalid: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}.`,
      errors,
    ),
  policyUnsatisfiable: (problems: FieldProblem[]) =>
    new DomainError(
      'validation_failed',
      `This approval could never be given: ${problems.map((p) => p.message).join('; ')}.`,
      problems,
      { reason: 'policy_unsatisfiable' },
    ),
  invalidSignedContent: (errors: FieldProblem[]) =>
    new DomainError(
      'validation_failed',
      `The signature cannot be bound: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}.`,
      errors,
    ),
  serviceAccountCannotSign: (signerId: string) =>
    new DomainError(
      'forbidden',
      `"${signerId}" is a service account; only people can sign approvals. Sign with your own credentials.`,
      undefined,
      { reason: 'signer_not_a_person' },
    ),
  submitterCannotSign: (signerId: string) =>
    new DomainError(
      'forbidden',
      `"${signerId}" submitted this version and so cannot sign its approval (separation of duties).`,
      undefined,
      { reason: 'separation_of_duties' },
    ),
  alreadySigned: (signerId: string) =>
    new DomainError(
      'invalid_state_transition',
      `"${signerId}" already signed this request; a signature cannot be changed or repeated.`,
      undefined,
      { reason: 'already_signed' },
    ),
  requestNotOpen: (status: string) =>
    new DomainError(
      'invalid_state_transition',
      `The approval request is ${status}; only an open request can be signed.${
        status === 'stale' ? ' The version or the policy changed under it: open a new request.' : ''
      }`,
      undefined,
      { reason: 'approval_request_not_open', status },
    ),
  roleCannotSign: (signerId: string, roles: readonly Role[], needed: readonly Role[]) =>
    new DomainError(
      'forbidden',
      `"${signerId}" holds ${roles.length === 0 ? 'no role' : roles.join(', ')}; this request needs signatures from: ${needed.join(', ')}.`,
      undefined,
      { reason: 'role_not_required' },
    ),
  approvalMissing: (detail: string) =>
    new DomainError('invalid_state_transition', detail, undefined, { reason: 'promotion_not_approved' }),
  approvalExpired: (detail: string, expiresAt: Date) =>
    new DomainError('invalid_state_transition', detail, undefined, {
      reason: 'promotion_not_approved',
      expired: true,
      expiresAt: expiresAt.toISOString(),
    }),
  nothingToRollBack: (detail: string) =>
    new DomainError('invalid_state_transition', detail, undefined, { reason: 'nothing_to_roll_back' }),
};
