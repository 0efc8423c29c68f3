import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface HistoricalDeployment {
  model: string;
  environment: string;
  version: number;
  since: string;
  how: 'promoted' | 'rolled back';
  by: string;
  approvalRequestId: string | null;
  approvedBy: unknown;
  evidence: unknown;
}

/**
 * What ran at a site at a moment, rebuilt from the audit trail alone (not from the mutable deployment
 * tables): for each model and environment, the last promotion or rollback recorded at or before `at`.
 */
@Injectable()
export class SiteHistoryUseCase {
  constructor(private readonly db: DataSource) {}

  async execute(site: string, at: Date): Promise<HistoricalDeployment[]> {
    const rows: { occurred_at: Date; actor: string; action: string; after: Record<string, unknown> }[] =
      await this.db.query(
        `SELECT DISTINCT ON (after->>'model', after->>'environment') occurred_at, actor, action, after
         FROM audit_log
        WHERE entity_type = 'deployment_target'
          AND action IN ('deployment.promoted', 'deployment.rolled_back')
          AND after->>'site' = $1
          AND occurred_at <= $2
        ORDER BY after->>'model', after->>'environment', id DESC`,
        [site, at],
      );
    return rows.map((r) => ({
      model: String(r.after.model),
      environment: String(r.after.environment),
      version: Number(r.after.version),
      since: r.occurred_at.toISOString(),
      how: r.action === 'deployment.promoted' ? 'promoted' : 'rolled back',
      by: r.actor,
      approvalRequestId: (r.after.approvalRequestId as string | null) ?? null,
      approvedBy: r.after.approvedBy ?? [],
      evidence: r.after.evidence ?? null,
    }));
  }
}
