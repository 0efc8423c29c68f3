import { type Role } from '@vigil/domain';

/*
 * The governance routes' JSON as the registry writes it (docs/api.md, "Governance routes"). Times are ISO 8601
 * instants in UTC.
 */

/** A person: unlike a service account, a person can sign approvals. The password is never returned. */
export interface Person {
  id: string;
  kind: 'person';
  name: string;
  email: string;
  role: Role;
  /** Qualifications a policy can ask for, e.g. `clinical-lead`. */
  attributes: string[];
  createdAt: string;
}

export interface CreatePersonInput {
  /** The printed name that signatures will carry, e.g. "Dr. A. Rivera". */
  name: string;
  email: string;
  role: Role;
  attributes?: string[];
  /** Left out for people who sign in only through OIDC. */
  password?: string;
}

/**
 * A policy as its author wrote it (docs/governance.md, "The approval policy"). Only the server interprets it,
 * so that there is one set of rules.
 */
export type ApprovalPolicyDocument = Record<string, unknown>;

export interface ApprovalPolicy {
  model: string;
  /** Each change is a new version; requests opened under an older one go stale. */
  policyVersion: number;
  policy: ApprovalPolicyDocument;
  createdBy: string;
  createdAt: string;
}

/** `PUT /models/{name}/policy`: the new version and the ids of the requests it made stale. */
export interface SetApprovalPolicyResult extends ApprovalPolicy {
  staleRequests: string[];
}

export type ApprovalRequestStatus = 'open' | 'approved' | 'rejected' | 'stale' | 'withdrawn' | 'expired';

/** For approved requests with a lifetime; null otherwise. */
export type ApprovalExpiry = 'valid' | 'expiring' | 'expired';

export type SignatureDecision = 'approve' | 'reject';

/** An electronic signature; immutable once recorded. */
export interface ApprovalSignature {
  id: string;
  printedName: string;
  role: Role;
  attributes: string[];
  decision: SignatureDecision;
  /** What the signature means, in the signer's words, e.g. "Approved for clinical use at site-a". */
  meaning: string;
  reason: string;
  /** Server clock. */
  signedAt: string;
  /** SHA-256 of the canonical content that was signed. */
  signedHash: string;
  /** How the signer re-authenticated: `password` or `oidc`. */
  authMethod: string;
}

/** One approval request with its signatures and what it still lacks. */
export interface ApprovalRequest {
  id: string;
  model: string;
  version: number;
  /** The artifact checksum the request is bound to. */
  artifactSha256: string;
  environment: string;
  /** Empty: any site of the environment. */
  sites: string[];
  status: ApprovalRequestStatus;
  policyVersion: number;
  evidence: Record<string, unknown>;
  note: string | null;
  requestedBy: string;
  createdAt: string;
  decidedAt: string | null;
  expiresAt: string | null;
  expiry: ApprovalExpiry | null;
  /** Sentences naming what is still needed; empty unless the request is open. */
  missing: string[];
  signatures: ApprovalSignature[];
}

/** An entry of `GET /models/{name}/approvals`, newest first. */
export interface ApprovalRequestSummary {
  id: string;
  version: number;
  environment: string;
  sites: string[];
  status: ApprovalRequestStatus;
  requestedBy: string;
  createdAt: string;
  expiresAt: string | null;
  expiry: ApprovalExpiry | null;
}

export interface RequestApprovalInput {
  model: string;
  version: number;
  environment: string;
  /** Leave out (or empty) for any site of the environment. */
  sites?: string[];
  note?: string;
}

export interface SignApprovalInput {
  decision: SignatureDecision;
  meaning: string;
  reason: string;
  /** Re-authentication for people signed in with an API token; not needed with a fresh OIDC token. */
  password?: string;
}

export interface PromoteInput {
  version: number;
  environment: string;
  site: string;
}

export interface Promotion {
  model: string;
  version: number;
  environment: string;
  site: string;
  /** What the target ran before; null for its first deployment. */
  previousVersion: number | null;
  approvalRequestId: string;
}

export interface RollbackInput {
  environment: string;
  site: string;
  reason: string;
}

export interface Rollback {
  model: string;
  environment: string;
  site: string;
  fromVersion: number;
  version: number;
}

export interface ManifestTensor {
  name: string;
  type: string;
  shape: (number | string | null)[];
}

/** One model in a site's manifest: what an edge node should run and how to check it. */
export interface DeployedModel {
  model: string;
  environment: string;
  version: number;
  artifact: {
    sha256: string;
    sizeBytes: number;
    /** A time-limited pre-signed URL (S3) or a registry route relative to the server. */
    url: string;
    urlExpiresAt: string | null;
  };
  ioSignature: { inputs: ManifestTensor[]; outputs: ManifestTensor[] };
  threshold: number | null;
  featureColumns: string[] | null;
  approval: {
    requestId: string | null;
    expiresAt: string | null;
    state: ApprovalExpiry;
  };
  deployedAt: string;
}

/** `GET /sites/{site}/deployment`: the manifest an edge inference node polls. */
export interface SiteManifest {
  site: string;
  /** Null when not filtered by environment. */
  environment: string | null;
  generatedAt: string;
  models: DeployedModel[];
}

export interface ApprovedBy {
  name: string;
  role: string;
  signedAt: string;
  meaning: string;
}

/** What ran for one model and environment at a site at a moment, rebuilt from the audit trail. */
export interface HistoricalDeployment {
  model: string;
  environment: string;
  version: number;
  /** When it became live there. */
  since: string;
  how: 'promoted' | 'rolled back';
  by: string;
  approvalRequestId: string | null;
  approvedBy: ApprovedBy[];
  evidence: Record<string, unknown> | null;
}

export interface SiteHistory {
  site: string;
  at: string;
  items: HistoricalDeployment[];
}
