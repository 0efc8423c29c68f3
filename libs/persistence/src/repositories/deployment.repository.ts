import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DeploymentEventEntity } from '../entities/deployment-event.entity';
import { DeploymentTargetEntity } from '../entities/deployment-target.entity';

export interface SiteDeploymentRow {
  modelName: string;
  environment: string;
  version: number;
  approvalRequestId: string | null;
  artifactSha256: string;
  artifactSizeBytes: string;
  ioSignature: unknown;
  threshold: number;
  featureColumns: string[] | null;
  approvalExpiresAt: Date | null;
  approvalStatus: string | null;
  /** The approving policy's expiryWarningDays, when it set one. */
  expiryWarningDays: number | null;
  updatedAt: Date;
}

@Injectable()
export class DeploymentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Locks one target for the rest of the transaction, creating its row first if needed, so concurrent
   * promotions and rollbacks of the same target run one after the other.
   */
  async lockTarget(
    manager: EntityManager,
    modelId: string,
    environment: string,
    site: string,
  ): Promise<DeploymentTargetEntity> {
    await manager.query(
      `INSERT INTO deployment_target (model_id, environment, site) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [modelId, environment, site],
    );
    return manager.getRepository(DeploymentTargetEntity).findOneOrFail({
      where: { modelId, environment, site },
      lock: { mode: 'pessimistic_write' },
    });
  }

  saveTarget(manager: EntityManager, t: DeploymentTargetEntity): Promise<DeploymentTargetEntity> {
    return manager.getRepository(DeploymentTargetEntity).save(t);
  }

  addEvent(manager: EntityManager, e: DeploymentEventEntity): Promise<DeploymentEventEntity> {
    return manager.getRepository(DeploymentEventEntity).save(e);
  }

  events(
    modelId: string,
    environment: string,
    site: string,
    manager?: EntityManager,
  ): Promise<DeploymentEventEntity[]> {
    return (manager ?? this.dataSource.manager)
      .getRepository(DeploymentEventEntity)
      .find({ where: { modelId, environment, site }, order: { occurredAt: 'DESC' } });
  }

  /** What a site runs, one row per (model, environment), with what its edge node needs: one query. */
  async forSite(site: string, environment?: string): Promise<SiteDeploymentRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT m.name AS model_name, t.environment, t.version, t.approval_request_id, v.artifact_sha256,
              v.artifact_size_bytes, v.io_signature, v.threshold, v.feature_columns, r.expires_at AS approval_expires_at,
              r.status AS approval_status, (p.document->>'expiryWarningDays')::int AS expiry_warning_days, t.updated_at
         FROM deployment_target t
         JOIN registered_model m ON m.id = t.model_id
         JOIN model_version v ON v.model_id = t.model_id AND v.version = t.version
         LEFT JOIN approval_request r ON r.id = t.approval_request_id
         LEFT JOIN approval_policy p ON p.model_id = t.model_id AND p.policy_version = r.policy_version
        WHERE t.site = $1 AND t.version IS NOT NULL AND ($2::text IS NULL OR t.environment = $2)
        ORDER BY m.name, t.environment`,
      [site, environment ?? null],
    );
    return rows.map((r) => ({
      modelName: r.model_name as string,
      environment: r.environment as string,
      version: r.version as number,
      approvalRequestId: r.approval_request_id as string | null,
      artifactSha256: r.artifact_sha256 as string,
      artifactSizeBytes: r.artifact_size_bytes as string,
      ioSignature: r.io_signature,
      threshold: r.threshold as number,
      featureColumns: r.feature_columns as string[] | null,
      approvalExpiresAt: r.approval_expires_at as Date | null,
      approvalStatus: r.approval_status as string | null,
      expiryWarningDays: r.expiry_warning_days as number | null,
      updatedAt: r.updated_at as Date,
    }));
  }
}
