import { Injectable } from '@nestjs/common';
import {
  ModelVersionLifecycle,
  type ModelVersionLifecycleState,
  RegistryErrors,
  assertTransition,
} from '@vigil/domain';
import {
  ApprovalRequestRepository,
  AuditLogRepository,
  ModelVersionEntity,
  ModelVersionRepository,
  RegisteredModelRepository,
} from '@vigil/persistence';
import { requireIfMatch } from '@vigil/platform';
import { DataSource } from 'typeorm';
import type { ActorContext } from '../shared/actor-context';
import { auditEntry } from '../shared/audit-entry';
import { versionAuditState, versionEntityId } from './version-audit-state';

export interface ArchiveModelVersionCommand extends ActorContext {
  modelName: string;
  version: number;
  reason: string;
  ifMatch: string | undefined;
}

@Injectable()
export class ArchiveModelVersionUseCase {
  constructor(
    private readonly db: DataSource,
    private readonly models: RegisteredModelRepository,
    private readonly versions: ModelVersionRepository,
    private readonly audit: AuditLogRepository,
    private readonly requests: ApprovalRequestRepository,
  ) {}

  async execute(cmd: ArchiveModelVersionCommand): Promise<ModelVersionEntity> {
    return this.db.transaction(async (em) => {
      const model = await this.models.lockByName(em, cmd.modelName);
      if (!model) throw RegistryErrors.modelNotFound(cmd.modelName);
      const v = await this.versions.findOne(model.id, cmd.version, em);
      if (!v) throw RegistryErrors.versionNotFound(cmd.modelName, cmd.version);
      requireIfMatch(cmd.ifMatch, v.rowVersion);
      assertTransition(
        ModelVersionLifecycle,
        v.status as ModelVersionLifecycleState,
        'archived',
        `${cmd.modelName}@${cmd.version}`,
      );
      const before = versionAuditState(v);
      v.status = 'archived';
      v.archivedAt = new Date();
      v.archiveReason = cmd.reason;
      v.rowVersion += 1;
      const saved = await this.versions.save(em, v);
      // An approval is for a version as it was; archiving it changes that, so its open and approved requests go stale.
      const stale = await this.requests.markStale(em, { modelVersionId: v.id });
      await this.audit.append(
        em,
        auditEntry(cmd, {
          action: 'model_version.archived',
          entityType: 'model_version',
          entityId: versionEntityId(cmd.modelName, cmd.version),
          before,
          after: { ...versionAuditState(saved), staleApprovalRequests: stale.map((r) => r.id) },
        }),
      );
      return saved;
    });
  }
}
