import { Injectable } from '@nestjs/common';
import { AuditLogEntryEntity, AuditLogRepository } from '@vigil/persistence';
import { GetModelVersionUseCase } from './get-model-version.use-case';
import { versionEntityId } from './version-audit-state';

@Injectable()
export class GetVersionHistoryUseCase {
  constructor(
    private readonly getVersion: GetModelVersionUseCase,
    private readonly audit: AuditLogRepository,
  ) {}

  async execute(modelName: string, version: number): Promise<AuditLogEntryEntity[]> {
    await this.getVersion.execute(modelName, version);
    return this.audit.listForEntity('model_version', versionEntityId(modelName, version));
  }
}
