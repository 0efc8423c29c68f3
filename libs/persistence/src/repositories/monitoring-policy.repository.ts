import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, LessThan } from 'typeorm';
import { MonitoringPolicyEntity } from '../entities/monitoring-policy.entity';

@Injectable()
export class MonitoringPolicyRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(MonitoringPolicyEntity);
  }

  /** The model's newest revision, or null when no policy was ever set. */
  latest(modelId: string, manager?: EntityManager): Promise<MonitoringPolicyEntity | null> {
    return this.repo(manager).findOne({ where: { modelId }, order: { revision: 'DESC' } });
  }

  findRevision(modelId: string, revision: number, manager?: EntityManager): Promise<MonitoringPolicyEntity | null> {
    return this.repo(manager).findOne({ where: { modelId, revision } });
  }

  /** Newest first, before the cursor's revision number. */
  listBefore(modelId: string, beforeRevision: number | undefined, limit: number): Promise<MonitoringPolicyEntity[]> {
    return this.repo().find({
      where: beforeRevision === undefined ? { modelId } : { modelId, revision: LessThan(beforeRevision) },
      order: { revision: 'DESC' },
      take: limit,
    });
  }

  save(manager: EntityManager, policy: MonitoringPolicyEntity): Promise<MonitoringPolicyEntity> {
    return this.repo(manager).save(policy);
  }
}
