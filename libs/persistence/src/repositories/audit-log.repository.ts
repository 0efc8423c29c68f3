import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { canonicalJson } from '@vigil/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLogEntryEntity } from '../entities/audit-log-entry.entity';

export interface AuditEntryInput {
  actor: string;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
}

/** Serialises appends so each entry can chain to the one before it. */
const AUDIT_CHAIN_LOCK_KEY = 7_316_041_002;

/** The content an entry's hash covers, in the canonical form the verifier recomputes. */
export function auditEntryHash(prevHash: string | null, entry: AuditEntryInput, occurredAt: Date): string {
  const content = canonicalJson({ ...entry, occurredAt: occurredAt.toISOString(), prevHash });
  return createHash('sha256').update(content).digest('hex');
}

@Injectable()
export class AuditLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends one entry inside the caller's transaction, so the change and its record commit or fail
   * together. The transaction-scoped advisory lock orders appends; it is released at commit.
   */
  async append(manager: EntityManager, entry: AuditEntryInput): Promise<AuditLogEntryEntity> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('audit entries are appended inside a transaction');
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
    const last = await manager
      .createQueryBuilder(AuditLogEntryEntity, 'a')
      .select(['a.hash'])
      .orderBy('a.id', 'DESC')
      .limit(1)
      .getOne();
    const occurredAt = new Date();
    const prevHash = last?.hash ?? null;
    const row = manager.create(AuditLogEntryEntity, {
      ...entry,
      occurredAt,
      prevHash,
      hash: auditEntryHash(prevHash, entry, occurredAt),
    });
    return manager.save(row);
  }

  listForEntity(entityType: string, entityId: string): Promise<AuditLogEntryEntity[]> {
    return this.dataSource.getRepository(AuditLogEntryEntity).find({
      where: { entityType, entityId },
      order: { id: 'ASC' },
    });
  }
}
