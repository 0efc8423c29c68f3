import type { ModelVersionEntity } from '@vigil/persistence';

export function versionEntityId(modelName: string, version: number): string {
  return `${modelName}@${version}`;
}

/** What the audit trail records of a version's state. */
export function versionAuditState(v: ModelVersionEntity): Record<string, unknown> {
  return {
    version: v.version,
    status: v.status,
    artifactSha256: v.artifactSha256,
    artifactSizeBytes: Number(v.artifactSizeBytes),
    gitCommit: v.gitCommit,
    trainingDataUri: v.trainingDataUri,
    parentVersion: v.parentVersion,
    threshold: v.threshold,
    featureColumns: v.featureColumns,
    archivedAt: v.archivedAt?.toISOString() ?? null,
    archiveReason: v.archiveReason,
    rowVersion: v.rowVersion,
  };
}
