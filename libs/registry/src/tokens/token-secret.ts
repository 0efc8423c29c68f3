import { createHash, randomBytes } from 'node:crypto';

/** `vgl_` + 256 random bits: recognisable in a leaked-secret scan, unguessable. */
export function newTokenSecret(): string {
  return `vgl_${randomBytes(32).toString('base64url')}`;
}

export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Enough of the secret to tell tokens apart in a list, far too little to use. */
export function tokenPrefix(secret: string): string {
  return secret.slice(0, 8);
}
