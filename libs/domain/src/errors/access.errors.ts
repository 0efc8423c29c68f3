import type { Role } from '../access/role';
import { DomainError } from './domain-error';

export const AccessErrors = {
  unauthenticated: (why: string) => new DomainError('unauthenticated', why),
  forbidden: (role: Role, allowed: readonly Role[]) =>
    new DomainError(
      'forbidden',
      `Your token's role "${role}" may not do this; it needs one of: ${[...allowed, 'admin'].join(', ')}.`,
    ),
  tokenNotFound: (idOrName: string) =>
    new DomainError('token_not_found', `No API token with id or name "${idOrName}".`),
  tokenExists: (name: string) => new DomainError('token_exists', `An API token named "${name}" already exists.`),
  principalNotFound: (ref: string) =>
    new DomainError('principal_not_found', `No person or service account with id, e-mail or name "${ref}".`),
  principalExists: (what: string) =>
    new DomainError('principal_exists', `A person or service account with ${what} already exists.`),
  lastAdminToken: (name: string) =>
    new DomainError(
      'last_admin_token',
      `"${name}" is the last usable admin token; create another admin token before revoking it, or nobody could manage tokens.`,
    ),
  preconditionRequired: () =>
    new DomainError(
      'precondition_required',
      "This change needs an If-Match header with the ETag from your last read, so it cannot overwrite someone else's change.",
    ),
  preconditionFailed: (current: string) =>
    new DomainError(
      'precondition_failed',
      `The resource changed since you read it (its ETag is now ${current}); read it again and retry.`,
    ),
};
