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
  async findByModelName(name: string, version: number, manager?: EntityManager): Promise<ModelVersionEntity | null> {
    // Plain SQL: on the hottest read, building the query through TypeORM cost more than running it.
    const rows: Record<string, unknown>[] = await (manager ?? this.dataSource.manager).query(
      `SELECT v.* FROM model_version v JOIN registered_model m ON m.id = v.model_id WHERE m.name = $1 AND v.version = $2`,
      [name, version],
    );
    const row = rows[0];
    if (!row) return null;
    return Object.assign(new ModelVersionEntity(), {
      id: row.id,
      modelId: row.model_id,
      version: row.version,
      status: row.status,
      artifactSha256: row.artifact_sha256,
      artifactSizeBytes: row.artifact_size_bytes,
      gitCommit: row.git_commit,
      trainingDataUri: row.training_data_uri,
      parentVersion: row.parent_version,
      threshold: row.threshold,
      featureColumns: row.feature_columns,
      ioSignature: row.io_signature,
      rowVersion: row.row_version,
      createdBy: row.created_by,
      createdAt: row.created_at,
      archivedAt: row.archived_at,
      archiveReason: row.archive_reason,
    });
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
