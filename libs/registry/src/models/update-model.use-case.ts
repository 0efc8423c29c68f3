import { Injectable } from '@nestjs/common';
import { RegistryErrors } from '@vigil/domain';
import { AuditLogRepository, RegisteredModelEntity, RegisteredModelRepository } from '@vigil/persistence';
import { requireIfMatch } from '@vigil/platform';
import { DataSource } from 'typeorm';
import type { ActorContext } from '../shared/actor-context';
import { auditEntry } from '../shared/audit-entry';
import { checkModelCard } from './check-model-card';
import { modelAuditState } from './model-audit-state';

export interface UpdateModelCommand extends ActorContext {
  name: string;
  ifMatch: string | undefined;
  owner?: string;
  description?: string | null;
  card?: Record<string, unknown>;
}

@Injectable()
export class UpdateModelUseCase {
  constructor(
    private readonly db: DataSource,
    private readonly models: RegisteredModelRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async execute(cmd: UpdateModelCommand): Promise<RegisteredModelEntity> {
    const card = cmd.card === undefined ? undefined : checkModelCard(cmd.card);
    return this.db.transaction(async (em) => {
      const model = await this.models.lockByName(em, cmd.name);
      if (!model) throw RegistryErrors.modelNotFound(cmd.name);
      requireIfMatch(cmd.ifMatch, model.rowVersion);
      const before = modelAuditState(model);
      if (cmd.owner !== undefined) model.owner = cmd.owner;
      if (cmd.description !== undefined) model.description = cmd.description;
      if (card !== undefined) model.card = card;
      model.rowVersion += 1;
      model.updatedAt = new Date();
      const saved = await this.models.save(em, model);
      await this.audit.append(
        em,
        auditEntry(cmd, {
          action: 'model.updated',
          entityType: 'model',
          entityId: model.name,
          before,
          after: modelAuditState(saved),
        }),
      );
      return saved;
    });
  }
}
