import { type Role } from '@vigil/domain';

/** An API token as listed; the secret itself is never returned after creation. */
export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  /** The first characters of the secret, enough to recognise it (`vgl_AbCd`). */
  prefix: string;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** The answer to a creation: the only time the secret is shown. */
export interface CreatedApiToken extends ApiToken {
  secret: string;
}

export interface CreateTokenInput {
  name: string;
  role: Role;
  /** ISO 8601 instant. */
  expiresAt?: string;
}
