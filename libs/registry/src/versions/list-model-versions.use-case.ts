import { Injectable } from '@nestjs/common';
import { RegistryErrors } from '@vigil/domain';
import { ModelVersionEntity, ModelVersionRepository, RegisteredModelRepository } from '@vigil/persistence';
import { type Page, decodeCursor, toPage } from '../shared/cursor';

@Injectable()
export class ListModelVersionsUseCase {
  constructor(
    private readonly models: RegisteredModelRepository,
    private readonly versions: ModelVersionRepository,
  ) {}

  async execute(modelName: string, q: { limit?: number; cursor?: string }): Promise<Page<ModelVersionEntity>> {
    const model = await this.models.findByName(modelName);
    if (!model) throw RegistryErrors.modelNotFound(modelName);
    const limit = q.limit ?? 50;
    const before = decodeCursor<number>(q.cursor, 'number');
    const rows = await this.versions.listBefore(model.id, before, limit + 1);
    return toPage(
      rows,
      limit,
      (v) => v.version,
      (v) => v,
    );
  }
}
