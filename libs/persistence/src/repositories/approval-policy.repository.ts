import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ApprovalPolicyEntity } from '../entities/approval-policy.entity';

@Injectable()
export class ApprovalPolicyRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ApprovalPolicyEntity);
  }

  /** The policy in force: the model's highest policy version. */
  current(modelId: string, manager?: EntityManager): Promise<ApprovalPolicyEntity | null> {
    return this.repo(manager).findOne({ where: { modelId }, order: { policyVersion: 'DESC' } });
  }

  byVersion(modelId: string, policyVersion: number): Promise<ApprovalPolicyEntity | null> {
    return this.repo().findOne({ where: { modelId, policyVersion } });
  }

  save(manager: EntityManager, p: ApprovalPolicyEntity): Promise<ApprovalPolicyEntity> {
    return this.repo(manager).save(p);
  }
}
