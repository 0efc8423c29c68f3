/** One audit-log entry (`GET /api/v1/audit`). */
export interface AuditEntry {
  id: number;
  occurredAt: string;
  actor: string;
  /** The role the actor held; null for the bootstrap. */
  actorRole: string | null;
  /** e.g. `model.updated`, `model_version.archived`, `token.created`. */
  action: string;
  entityType: string;
  /** A model's name, `name@version`, a token's id. */
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  prevHash: string | null;
  hash: string;
}

export interface AuditLogQuery {
  /** Entries about this model and all of its versions. */
  model?: string;
  entityType?: string;
  /** Needs `entityType`. */
  entityId?: string;
  /** Default `newest`. */
  order?: 'newest' | 'oldest';
  limit?: number;
  cursor?: string;
}

export type AuditChainBreakReason = 'content_mismatch' | 'link_mismatch';

/** `GET /api/v1/audit/verify`: the result of walking the whole hash chain. */
export interface AuditVerification {
  ok: boolean;
  /** Entries read, the broken one included. */
  entriesChecked: number;
  firstBrokenId?: number;
  reason?: AuditChainBreakReason;
  detail?: string;
  /** The last entry found intact; when `ok`, the head of the chain. */
  lastId: number | null;
  lastHash: string | null;
  durationMs: number;
}
