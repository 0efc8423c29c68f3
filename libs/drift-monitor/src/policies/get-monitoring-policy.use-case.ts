import { Injectable } from '@nestjs/common';
import { RegistryErrors } from '@vigil/domain';
import { MonitoringPolicyEntity, MonitoringPolicyRepository, RegisteredModelRepository } from '@vigil/persistence';
import { MonitoringPolicyErrors } from './monitoring-policy.errors';

/** The policy in force (the newest revision), or the given revision. */
@Injectable()
export class GetMonitoringPolicyUseCase {
  constructor(
    private readonly models: RegisteredModelRepository,
    private readonly policies: MonitoringPolicyRepository,
  ) {}

  async execute(modelName: string, revision?: number): Promise<MonitoringPolicyEntity> {
    const model = await this.models.findByName(modelName);
    if (!model) throw RegistryErrors.modelNotFound(modelName);
    const found =
      revision === undefined
        ? await this.policies.latest(model.id)
        : await this.policies.findRevision(model.id, revision);
    if (!found) throw MonitoringPolicyErrors.notFound(modelName, revision);
    return found;
  }
}
