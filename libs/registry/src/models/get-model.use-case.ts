import { Injectable } from '@nestjs/common';
import { RegistryErrors } from '@vigil/domain';
import { ModelVersionRepository, RegisteredModelEntity, RegisteredModelRepository } from '@vigil/persistence';

export interface ModelView {
  model: RegisteredModelEntity;
  latestVersion: number | null;
}

@Injectable()
export class GetModelUseCase {
  constructor(
    private readonly models: RegisteredModelRepository,
    private readonly versions: ModelVersionRepository,
  ) {}

  async execute(name: string): Promise<ModelView> {
    const model = await this.models.findByName(name);
    if (!model) throw RegistryErrors.modelNotFound(name);
    const latest = await this.versions.latestVersionNumber(model.id);
    return { model, latestVersion: latest === 0 ? null : latest };
  }
}
