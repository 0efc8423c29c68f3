import type { FieldProblem } from '../errors/domain-error';
import { MODEL_NAME_PATTERN } from '../model-version/version-ref';
import { TARGET_NAME_PATTERN } from './deployment-target';
import type { SignatureDecision } from './evaluate-approval';
import { GovernanceErrors } from './governance.errors';

/** Names the layout below; a new layout gets a new value, so an old signature's hash can still be recomputed. */
export const SIGNED_CONTENT_SCHEMA = 'vigil.approval-signature/1';

const SHA256_HEX = /^[0-9a-f]{64}$/;
export const MAX_SIGNATURE_MEANING_LENGTH = 500;

/** Everything a signature is about, as the signing use case has it. */
export interface SignedContentInput {
  requestId: string;
  model: string;
  version: number;
  /** SHA-256 (hex) of the exact artifact bytes. */
  artifactSha256: string;
  environment: string;
  /** Null: the request covers any site. */
  sites: readonly string[] | null;
  policyVersion: number;
  /** SHA-256 (hex) of the canonical JSON of the evidence snapshot the request binds. */
  evidenceDigest: string;
  decision: SignatureDecision;
  /** What the signer states the signature means, e.g. "Approved for clinical use at site-a". */
  meaning: string;
  signerId: string;
  /** Server clock. */
  signedAt: Date;
}

/** The object whose `canonicalJson` is hashed and stored with the signature. */
export interface SignedContent {
  schema: typeof SIGNED_CONTENT_SCHEMA;
  requestId: string;
  model: string;
  version: number;
  artifactSha256: string;
  target: { environment: string; sites: string[] | null };
  policyVersion: number;
  evidenceDigest: string;
  decision: SignatureDecision;
  meaning: string;
  signerId: string;
  /** ISO 8601, UTC, milliseconds. */
  signedAt: string;
}

/**
 * The canonical content one signature binds: the request, the exact artifact, the target, the policy
 * version and the evidence, and the signer's decision, stated meaning, identity and time. Its hash ties the
 * signature to this record alone (21 CFR 11.70): it cannot be moved to another version, target or request.
 * Sites are sorted so the order they were typed in does not change the hash. Refuses anything malformed,
 * listing every problem, since a malformed binding would be a signature over nothing.
 */
export function signedContentFor(input: SignedContentInput): SignedContent {
  const problems: FieldProblem[] = [];
  const check = (ok: boolean, field: string, message: string) => {
    if (!ok) problems.push({ field, message });
  };
  check(isText(input.requestId), 'requestId', 'must be a non-empty string');
  check(typeof input.model === 'string' && MODEL_NAME_PATTERN.test(input.model), 'model', 'must be a model name');
  check(Number.isInteger(input.version) && input.version >= 1, 'version', 'must be a whole number from 1');
  check(isSha256(input.artifactSha256), 'artifactSha256', 'must be 64 lower-case hex digits');
  check(isName(input.environment), 'environment', 'must be an environment name');
  if (input.sites !== null) {
    if (!Array.isArray(input.sites) || input.sites.length === 0) {
      problems.push({ field: 'sites', message: 'must be a non-empty list of site names, or null for any site' });
    } else {
      input.sites.forEach((s, i) => check(isName(s), `sites[${i}]`, 'must be a site name'));
    }
  }
  check(
    Number.isInteger(input.policyVersion) && input.policyVersion >= 1,
    'policyVersion',
    'must be a whole number from 1',
  );
  check(isSha256(input.evidenceDigest), 'evidenceDigest', 'must be 64 lower-case hex digits');
  check(input.decision === 'approve' || input.decision === 'reject', 'decision', 'must be approve or reject');
  check(
    isText(input.meaning) && input.meaning.length <= MAX_SIGNATURE_MEANING_LENGTH,
    'meaning',
    `must say what the signature means, in at most ${MAX_SIGNATURE_MEANING_LENGTH} characters`,
  );
  check(isText(input.signerId), 'signerId', 'must be a non-empty string');
  check(input.signedAt instanceof Date && !Number.isNaN(input.signedAt.getTime()), 'signedAt', 'must be a valid time');
  if (problems.length > 0) throw GovernanceErrors.invalidSignedContent(problems);

  return {
    schema: SIGNED_CONTENT_SCHEMA,
    requestId: input.requestId,
    model: input.model,
    version: input.version,
    artifactSha256: input.artifactSha256,
    target: { environment: input.environment, sites: input.sites === null ? null : [...new Set(input.sites)].sort() },
    policyVersion: input.policyVersion,
    evidenceDigest: input.evidenceDigest,
    decision: input.decision,
    meaning: input.meaning,
    signerId: input.signerId,
    signedAt: input.signedAt.toISOString(),
  };
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function isSha256(value: unknown): boolean {
  return typeof value === 'string' && SHA256_HEX.test(value);
}

function isName(value: unknown): boolean {
  return typeof value === 'string' && TARGET_NAME_PATTERN.test(value);
}
