import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, LessThan } from 'typeorm';
import { ModelVersionEntity } from '../entities/model-version.entity';

export interface VersionWithModelName {
  version: ModelVersionEntity;
  modelName: string;
}

@Injectable()
export class ModelVersionRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ModelVersionEntity);
  }

  /** The hot lookup (edge nodes, CI): one indexed query by model name and version number. */
  findByModelName(name: string, version: number, manager?: EntityManager): Promise<ModelVersionEntity | null> {
    return this.repo(manager)
      .createQueryBuilder('v')
      .innerJoin('v.model', 'm')
      .where('m.name = :name AND v.version = :version', { name, version })
      .getOne();
  }

  findOne(modelId: string, version: number, manager?: EntityManager): Promise<ModelVersionEntity | null> {
    return this.repo(manager).findOne({ where: { modelId, version } });
  }

  findBySha256(modelId: string, sha256: string, manager?: EntityManager): Promise<ModelVersionEntity | null> {
    return this.repo(manager).findOne({ where: { modelId, artifactSha256: sha256 } });
  }

  async latestVersionNumber(modelId: string, manager?: EntityManager): Promise<number> {
    const row = await this.repo(manager)
      .createQueryBuilder('v')
      .select('MAX(v.version)', 'max')
      .where('v.model_id = :modelId', { modelId })
      .getRawOne<{ max: number | null }>();
    return row?.max ?? 0;
  }

  /** Newest first, before the cursor's version number. */
  listBefore(modelId: string, beforeVersion: number | undefined, limit: number): Promise<ModelVersionEntity[]> {
    return this.repo().find({
      where: beforeVersion === undefined ? { modelId } : { modelId, version: LessThan(beforeVersion) },
      order: { version: 'DESC' },
      take: limit,
    });
  }

  /** How many versions (of any model) point at these bytes: the artifact may be deleted only at zero. */
  countBySha256(sha256: string, manager?: EntityManager): Promise<number> {
    return this.repo(manager).count({ where: { artifactSha256: sha256 } });
  }

  save(manager: EntityManager, version: ModelVersionEntity): Promise<ModelVersionEntity> {
    return this.repo(manager).save(version);
  }
}
