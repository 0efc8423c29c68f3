import { Injectable } from '@nestjs/common';
import { ApiTokenEntity, ApiTokenRepository } from '@vigil/persistence';
import { type Page, decodeCursor, toPage } from '../shared/cursor';

@Injectable()
export class ListApiTokensUseCase {
  constructor(private readonly tokens: ApiTokenRepository) {}

  async execute(q: { limit?: number; cursor?: string }): Promise<Page<ApiTokenEntity>> {
    const limit = q.limit ?? 50;
    const rows = await this.tokens.listAfter(decodeCursor<string>(q.cursor, 'string'), limit + 1);
    return toPage(
      rows,
      limit,
      (t) => t.name,
      (t) => t,
    );
  }
}
