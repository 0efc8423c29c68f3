import { createHash } from 'node:crypto';
import { canonicalJson } from '@vigil/domain';

/**
 * SHA-256 of a normalised policy's canonical JSON: the same rules hash the same however they were written
 * ("24h" or "1d", keys in any order), so the audit trail shows whether a revision changed anything.
 */
export function monitoringPolicyHash(policy: unknown): string {
  return createHash('sha256').update(canonicalJson(policy)).digest('hex');
}
