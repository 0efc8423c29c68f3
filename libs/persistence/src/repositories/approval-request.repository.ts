import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { ApprovalRequestEntity } from '../entities/approval-request.entity';
import { ApprovalSignatureEntity } from '../entities/approval-signature.entity';
import { ModelVersionEntity } from '../entities/model-version.entity';

@Injectable()
export class ApprovalRequestRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ApprovalRequestEntity);
  }

  findById(id: string, manager?: EntityManager): Promise<ApprovalRequestEntity | null> {
    return this.repo(manager).findOne({ where: { id }, relations: { modelVersion: { model: true } } });
  }

  /** Locks the request row for the rest of the transaction: signatures on one request are serialised. */
  async lock(manager: EntityManager, id: string): Promise<ApprovalRequestEntity | null> {
    const locked = await this.repo(manager).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    return locked ? this.findById(id, manager) : null;
  }

  /** Every request for any version of a model (promotion looks for one covering its target). */
  forModel(modelId: string, manager?: EntityManager): Promise<ApprovalRequestEntity[]> {
    return this.repo(manager)
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.modelVersion', 'v')
      .where('v.model_id = :modelId', { modelId })
      .orderBy('r.created_at', 'DESC')
      .getMany();
  }

  forVersion(modelVersionId: string): Promise<ApprovalRequestEntity[]> {
    return this.repo().find({ where: { modelVersionId }, order: { createdAt: 'DESC' } });
  }

  /** Marks the model's open and approved requests stale (the policy changed under them); returns them. */
  async markStale(
    manager: EntityManager,
    where: { modelId?: string; modelVersionId?: string },
  ): Promise<ApprovalRequestEntity[]> {
    const qb = this.repo(manager)
      .createQueryBuilder('r')
      .innerJoin(ModelVersionEntity, 'v', 'v.id = r.model_version_id')
      .where(`r.status IN ('open', 'approved')`)
      .setLock('pessimistic_write', undefined, ['r']);
    if (where.modelId) qb.andWhere('v.model_id = :modelId', { modelId: where.modelId });
    if (where.modelVersionId) qb.andWhere('r.model_version_id = :vid', { vid: where.modelVersionId });
    const rows = await qb.getMany();
    if (rows.length > 0) {
      await this.repo(manager).update(
        { id: In(rows.map((r) => r.id)) },
        { status: 'stale', rowVersion: () => 'row_version + 1' },
      );
    }
    return rows;
  }

  signatures(requestId: string, manager?: EntityManager): Promise<ApprovalSignatureEntity[]> {
    return (manager ?? this.dataSource.manager)
      .getRepository(ApprovalSignatureEntity)
      .find({ where: { requestId }, order: { signedAt: 'ASC' } });
  }

  signaturesFor(requestIds: string[]): Promise<ApprovalSignatureEntity[]> {
    if (requestIds.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(ApprovalSignatureEntity)
      .find({ where: { requestId: In(requestIds) }, order: { signedAt: 'ASC' } });
  }

  addSignature(manager: EntityManager, s: ApprovalSignatureEntity): Promise<ApprovalSignatureEntity> {
    return manager.getRepository(ApprovalSignatureEntity).save(s);
  }

  save(manager: EntityManager, r: ApprovalRequestEntity): Promise<ApprovalRequestEntity> {
    return this.repo(manager).save(r);
  }
}
