import type { AuditLogEntryEntity, ModelVersionEntity } from '@vigil/persistence';
import { etagFor } from '@vigil/platform';

export function presentVersion(modelName: string, v: ModelVersionEntity) {
  return {
    model: modelName,
    version: v.version,
    status: v.status,
    artifact: { sha256: v.artifactSha256, sizeBytes: Number(v.artifactSizeBytes) },
    lineage: { gitCommit: v.gitCommit, trainingDataUri: v.trainingDataUri, parentVersion: v.parentVersion },
    threshold: v.threshold,
    featureColumns: v.featureColumns,
    ioSignature: v.ioSignature,
    createdAt: v.createdAt.toISOString(),
    createdBy: v.createdBy,
    archivedAt: v.archivedAt?.toISOString() ?? null,
    archiveReason: v.archiveReason,
    etag: etagFor(v.rowVersion),
  };
}

export function presentHistoryEntry(e: AuditLogEntryEntity) {
  return {
    id: Number(e.id),
    occurredAt: e.occurredAt.toISOString(),
    actor: e.actor,
    actorRole: e.actorRole,
    action: e.action,
    before: e.before,
    after: e.after,
    requestId: e.requestId,
  };
}
