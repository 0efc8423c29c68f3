import type { Role } from '../access/role';
import type { ApprovalRequestStatus } from './approval-request-lifecycle.machine';
import type { ApprovalRule } from './approval-policy.types';
import { GovernanceErrors } from './governance.errors';
import { rolesNamedBy, type SignerKind } from './signature-requirement';

export interface SignerIdentity {
  id: string;
  kind: SignerKind;
  roles: readonly Role[];
}

export interface CanSignInput {
  signer: SignerIdentity;
  /** Who submitted the version the request is about. */
  submitterId: string;
  requestStatus: ApprovalRequestStatus;
  /** Ids of everyone who has already signed the request, whatever their decision. */
  signedBy: readonly string[];
  /** The rules the request must satisfy; when given, the signer must hold a role one of them names. */
  rules?: readonly ApprovalRule[];
}

/**
 * Refuses a signature that must not be recorded, before anything is written. In order: service accounts
 * (only people sign), a request no longer open (stale, decided, withdrawn), the version's own submitter
 * (separation of duties), a second signature by the same person, and a signer holding none of the roles the
 * rules ask for.
 */
export function checkCanSign(input: CanSignInput): void {
  const { signer } = input;
  if (signer.kind !== 'person') throw GovernanceErrors.serviceAccountCannotSign(signer.id);
  if (input.requestStatus !== 'open') throw GovernanceErrors.requestNotOpen(input.requestStatus);
  if (signer.id === input.submitterId) throw GovernanceErrors.submitterCannotSign(signer.id);
  if (input.signedBy.includes(signer.id)) throw GovernanceErrors.alreadySigned(signer.id);
  if (input.rules !== undefined) {
    const needed = rolesNamedBy(input.rules);
    if (!signer.roles.some((r) => needed.includes(r)))
      throw GovernanceErrors.roleCannotSign(signer.id, signer.roles, needed);
  }
}
