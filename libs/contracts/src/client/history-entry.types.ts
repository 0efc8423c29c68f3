/** One audit-log entry about a version (`GET …/versions/{v}/history`), oldest first. */
export interface HistoryEntry {
  id: number;
  occurredAt: string;
  actor: string;
  /** e.g. `model_version.registered`, `model_version.archived`. */
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
