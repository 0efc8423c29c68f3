/** One audit-log entry about a version (`GET …/versions/{v}/history`), oldest first. */
export interface HistoryEntry {
  id: number;
  occurredAt: string;
  actor: string;
  /** The role the actor held at the time (sent by the registry, beyond docs/api.md). */
  actorRole?: string;
  /** The request that caused the change, to find it in the server log. */
  requestId?: string;
  /** e.g. `model_version.registered`, `model_version.archived`. */
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
