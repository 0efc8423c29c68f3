import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RegistryErrors } from '@vigil/domain';
import { AuditLogRepository, RegisteredModelEntity, RegisteredModelRepository } from '@vigil/persistence';
import { DataSource, QueryFailedError } from 'typeorm';
import type { ActorContext } from '../shared/actor-context';
import { auditEntry } from '../shared/audit-entry';
import { checkModelCard } from './check-model-card';
import { modelAuditState } from './model-audit-state';

export interface CreateModelCommand extends ActorContext {
  name: string;
  owner: string;
  description?: string;
  card?: Record<string, unknown>;
}

@Injectable()
export class CreateModelUseCase {
  constructor(
    private readonly db: DataSource,
    private readonly models: RegisteredModelRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async execute(cmd: CreateModelCommand): Promise<RegisteredModelEntity> {
    const card = checkModelCard(cmd.card ?? {});
    try {
      return await this.db.transaction(async (em) => {
        const now = new Date();
        const model = await this.models.insert(
          em,
          Object.assign(new RegisteredModelEntity(), {
            id: randomUUID(),
            name: cmd.name,
            owner: cmd.owner,
            description: cmd.description ?? null,
            card,
            rowVersion: 1,
            createdBy: cmd.principal.name,
            createdAt: now,
            updatedAt: now,
          }),
        );
        await this.audit.append(
          em,
          auditEntry(cmd, {
            action: 'model.created',
            entityType: 'model',
            entityId: model.name,
            before: null,
            after: modelAuditState(model),
          }),
        );
        return model;
      });
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505') {
        throw RegistryErrors.modelExists(cmd.name);
      }
      throw e;
    }
  }
}
