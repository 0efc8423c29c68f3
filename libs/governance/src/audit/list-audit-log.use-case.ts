import { Injectable } from '@nestjs/common';
import { RegistryErrors } from '@vigil/domain';
import { AuditLogEntryEntity, AuditLogReader, RegisteredModelRepository } from '@vigil/persistence';
import { type AuditLogOrder, decodeAuditLogCursor, encodeAuditLogCursor } from './audit-log-cursor';

export interface ListAuditLogCommand {
  /** Entries about this model and all its versions. */
  model?: string;
  entityType?: string;
  entityId?: string;
  /** Default `newest`. */
  order?: AuditLogOrder;
  /** Default 50. */
  limit?: number;
  cursor?: string;
}

export interface AuditLogPage {
  items: AuditLogEntryEntity[];
  nextCursor: string | null;
}

@Injectable()
export class ListAuditLogUseCase {
  constructor(
    private readonly reader: AuditLogReader,
    private readonly models: RegisteredModelRepository,
  ) {}

  async execute(cmd: ListAuditLogCommand): Promise<AuditLogPage> {
    if (cmd.entityId !== undefined && cmd.entityType === undefined) {
      // Ids are only unique within a type (a token's uuid, a model's name), so an id alone is ambiguous.
      throw RegistryErrors.validation([{ field: 'entityId', message: 'needs entityType as well' }]);
    }
    const order = cmd.order ?? 'newest';
    const limit = cmd.limit ?? 50;
    const afterId = decodeAuditLogCursor(cmd.cursor, order);
    const rows = await this.reader.listPage({
      model: cmd.model,
      entityType: cmd.entityType,
      entityId: cmd.entityId,
      order,
      afterId,
      limit: limit + 1,
    });
    // Every model has at least its creation entry, so an empty first page for a model means a mistyped name,
    // which deserves a 404 rather than an empty history.
    if (rows.length === 0 && afterId === undefined && cmd.model !== undefined) {
      if ((await this.models.findByName(cmd.model)) === null) throw RegistryErrors.modelNotFound(cmd.model);
    }
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > limit && last !== undefined ? encodeAuditLogCursor(last.id, order) : null,
    };
  }
}
