import type { Role } from '../access/role';
import { DomainError, type FieldProblem } from '../errors/domain-error';

/**
 * Constructors for governance failures, so every message is worded once. Each has its own code (and keeps it
 * in `extra.reason` too, for clients written before the codes existed).
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
      'policy_unsatisfiable',
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
      'signer_not_a_person',
      `"${signerId}" is a service account; only people can sign approvals. Sign with your own credentials.`,
      undefined,
      { reason: 'signer_not_a_person' },
    ),
  submitterCannotSign: (signerId: string) =>
    new DomainError(
      'separation_of_duties',
      `"${signerId}" submitted this version and so cannot sign its approval (separation of duties).`,
      undefined,
      { reason: 'separation_of_duties' },
    ),
  alreadySigned: (signerId: string) =>
    new DomainError(
      'already_signed',
      `"${signerId}" already signed this request; a signature cannot be changed or repeated.`,
      undefined,
      { reason: 'already_signed' },
    ),
  requestNotOpen: (status: string) =>
    new DomainError(
      'approval_request_not_open',
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
    new DomainError('promotion_not_approved', detail, undefined, { reason: 'promotion_not_approved' }),
  approvalExpired: (detail: string, expiresAt: Date) =>
    new DomainError('promotion_not_approved', detail, undefined, {
      reason: 'promotion_not_approved',
      expired: true,
      expiresAt: expiresAt.toISOString(),
    }),
  nothingToRollBack: (detail: string) =>
    new DomainError('nothing_to_roll_back', detail, undefined, { reason: 'nothing_to_roll_back' }),
};
