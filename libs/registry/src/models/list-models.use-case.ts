import { Injectable } from '@nestjs/common';
import { RegisteredModelEntity, RegisteredModelRepository } from '@vigil/persistence';
import { type Page, decodeCursor, toPage } from '../shared/cursor';

@Injectable()
export class ListModelsUseCase {
  constructor(private readonly models: RegisteredModelRepository) {}

  async execute(q: { limit?: number; cursor?: string }): Promise<Page<RegisteredModelEntity>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor<string>(q.cursor, 'string');
    const rows = await this.models.listAfter(after, limit + 1);
    return toPage(
      rows,
      limit,
      (m) => m.name,
      (m) => m,
    );
  }
}
