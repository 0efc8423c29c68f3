import { Injectable } from '@nestjs/common';
import { RegistryErrors } from '@vigil/domain';
import { MonitoringPolicyEntity, MonitoringPolicyRepository, RegisteredModelRepository } from '@vigil/persistence';
import { type Page, decodeCursor, toPage } from '@vigil/platform';

/** Every revision of a model's monitoring policy, newest first. */
@Injectable()
export class ListMonitoringPolicyRevisionsUseCase {
  constructor(
    private readonly models: RegisteredModelRepository,
    private readonly policies: MonitoringPolicyRepository,
  ) {}

  async execute(modelName: string, q: { limit?: number; cursor?: string }): Promise<Page<MonitoringPolicyEntity>> {
    const model = await this.models.findByName(modelName);
    if (!model) throw RegistryErrors.modelNotFound(modelName);
    const limit = q.limit ?? 50;
    const rows = await this.policies.listBefore(model.id, decodeCursor<number>(q.cursor, 'number'), limit + 1);
    return toPage(
      rows,
      limit,
      (p) => p.revision,
      (p) => p,
    );
  }
}
