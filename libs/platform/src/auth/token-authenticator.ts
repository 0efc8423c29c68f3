import type { Principal } from '@vigil/domain';

/** Resolves a bearer secret to its principal, or null when unknown, revoked or expired. */
export interface TokenAuthenticator {
  authenticate(secret: string): Promise<Principal | null>;
}

export const TOKEN_AUTHENTICATOR = Symbol('TokenAuthenticator');
