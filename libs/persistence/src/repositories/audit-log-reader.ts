import { Injectable } from '@nestjs/common';
import { Brackets, DataSource } from 'typeorm';
import { AuditLogEntryEntity } from '../entities/audit-log-entry.entity';
import type { AuditEntryInput } from './audit-log.repository';

/**
 * One audit row as the chain verifier needs it. `occurredAt` is the stored instant as text in UTC with all six
 * fractional digits PostgreSQL keeps (`2026-11-22T10:00:00.123000Z`), not a `Date`: a `Date` would silently drop
 * sub-millisecond digits the writer can never have produced, and so hide an edit made there.
 */
export interface AuditChainRow extends AuditEntryInput {
  /** bigint, as a decimal string. */
  id: string;
  occurredAt: string;
  prevHash: string | null;
  hash: string;
}

export interface AuditChainStreamOptions {
  /** Rows per query; each page is one short index-range scan, so no query runs long whatever the table size. */
  pageSize?: number;
  /**
   * Stop after this id. Defaults to the newest id when the walk starts, so a walk under constant writes ends,
   * and reports on the log as it stood then.
   */
  upToId?: string;
  /** Start after this id (exclusive); default: the beginning of the log. */
  afterId?: string;
}

export interface AuditLogFilter {
  /** Entries about this model and any of its versions (`name` and `name@N`). */
  model?: string;
  entityType?: string;
  entityId?: string;
}

export interface AuditLogPageQuery extends AuditLogFilter {
  order: 'newest' | 'oldest';
  /** Exclusive keyset bound: the id of the last row of the previous page. */
  afterId?: string;
  limit: number;
}

const DEFAULT_PAGE_SIZE = 5000;

// to_char rather than the driver's Date parsing: see AuditChainRow.occurredAt. AT TIME ZONE makes the text
// independent of the session's TimeZone setting. ORDER BY names the table's column: a bare `id` would mean the
// text output column and sort 1, 10, 2.
const CHAIN_PAGE_SQL = `
  SELECT id::text AS id,
         to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
         actor, actor_role, action, entity_type, entity_id, before, after, request_id, prev_hash, hash
    FROM audit_log
   WHERE id > $1::bigint AND id <= $2::bigint
   ORDER BY audit_log.id
   LIMIT $3`;

interface ChainRecord {
  id: string;
  occurred_at: string;
  actor: string;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  request_id: string | null;
  prev_hash: string | null;
  hash: string;
}

/** Read-only access to the audit log for verification and browsing; it never writes. */
@Injectable()
export class AuditLogReader {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Every row in id order, one page at a time (keyset pagination: `id > last`), so memory stays at about two
   * pages whatever the table size. The next page is fetched while the caller works through the current one.
   */
  async *streamChain(options: AuditChainStreamOptions = {}): AsyncGenerator<AuditChainRow> {
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const upToId = options.upToId ?? (await this.newestId());
    if (upToId === null) return;
    let pending: Promise<ChainRecord[]> | undefined = this.chainPage(options.afterId ?? '0', upToId, pageSize);
    while (pending !== undefined) {
      const rows: ChainRecord[] = await pending;
      const last = rows[rows.length - 1];
      pending = rows.length === pageSize && last !== undefined ? this.chainPage(last.id, upToId, pageSize) : undefined;
      for (const row of rows) yield toChainRow(row);
    }
  }

  /** The stored link of the first entry after `afterId`: where a walk of the rest of the log must connect. */
  async prevHashAfter(afterId: string, upToId: string): Promise<{ id: string; prevHash: string | null } | null> {
    const rows: { id: string; prev_hash: string | null }[] = await this.dataSource.query(
      'SELECT id::text AS id, prev_hash FROM audit_log WHERE id > $1::bigint AND id <= $2::bigint ORDER BY audit_log.id LIMIT 1',
      [afterId, upToId],
    );
    return rows[0] ? { id: rows[0].id, prevHash: rows[0].prev_hash } : null;
  }

  async newestId(): Promise<string | null> {
    const rows: { id: string | null }[] = await this.dataSource.query('SELECT max(id)::text AS id FROM audit_log');
    return rows[0]?.id ?? null;
  }

  /**
   * One page of entries, filtered, by id. The caller asks for one row more than it shows to learn whether
   * another page exists.
   */
  listPage(query: AuditLogPageQuery): Promise<AuditLogEntryEntity[]> {
    const qb = this.dataSource.getRepository(AuditLogEntryEntity).createQueryBuilder('a');
    if (query.model !== undefined) {
      const model = query.model;
      qb.andWhere(
        new Brackets((w) => {
          w.where(`a.entityType = 'model' AND a.entityId = :model`, { model }).orWhere(
            `a.entityType = 'model_version' AND a.entityId LIKE :versionPattern ESCAPE '\\'`,
            // `_` is a LIKE wildcard and legal in model names: `a_b@%` must not match `axb@1`.
            { versionPattern: `${escapeLike(model)}@%` },
          );
        }),
      );
    }
    if (query.entityType !== undefined) qb.andWhere('a.entityType = :entityType', { entityType: query.entityType });
    if (query.entityId !== undefined) qb.andWhere('a.entityId = :entityId', { entityId: query.entityId });
    const newestFirst = query.order === 'newest';
    if (query.afterId !== undefined) {
      qb.andWhere(newestFirst ? 'a.id < :afterId' : 'a.id > :afterId', { afterId: query.afterId });
    }
    return qb
      .orderBy('a.id', newestFirst ? 'DESC' : 'ASC')
      .limit(query.limit)
      .getMany();
  }

  private chainPage(afterId: string, upToId: string, pageSize: number): Promise<ChainRecord[]> {
    const page = this.dataSource.query<ChainRecord[]>(CHAIN_PAGE_SQL, [afterId, upToId, pageSize]);
    // A consumer that stops early (a break found) never awaits the prefetched page; its failure must not
    // surface as an unhandled rejection. Awaiting it still throws.
    page.catch(() => undefined);
    return page;
  }
}

function toChainRow(r: ChainRecord): AuditChainRow {
  return {
    id: r.id,
    occurredAt: r.occurred_at,
    actor: r.actor,
    actorRole: r.actor_role,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    requestId: r.request_id,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
