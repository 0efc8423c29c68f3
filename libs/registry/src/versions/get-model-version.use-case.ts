import { Injectable } from '@nestjs/common';
import { RegistryErrors } from '@vigil/domain';
import { ModelVersionEntity, ModelVersionRepository } from '@vigil/persistence';

@Injectable()
export class GetModelVersionUseCase {
  constructor(private readonly versions: ModelVersionRepository) {}

  async execute(modelName: string, version: number): Promise<ModelVersionEntity> {
    const found = await this.versions.findByModelName(modelName, version);
    if (!found) throw RegistryErrors.versionNotFound(modelName, version);
    return found;
  }
}
