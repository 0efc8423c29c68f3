import { Injectable } from '@nestjs/common';
import { DomainError, RegistryErrors, checkPromotion, type ApprovalRequestStatus } from '@vigil/domain';
import {
  type ApprovalRequestEntity,
  ApprovalRequestRepository,
  type RegisteredModelEntity,
  AuditLogRepository,
  DeploymentRepository,
  ModelVersionRepository,
  RegisteredModelRepository,
} from '@vigil/persistence';
import { DataSource } from 'typeorm';
import { type Actor, auditBy } from '../shared/actor';
import { ApprovalAssessor } from '../approvals/approval-assessment';
import { DeploymentChanges } from './deployment-changes';
import { approvedBy, moveTarget } from './move-target';

export interface PromoteVersionCommand extends Actor {
  modelName: string;
  version: number;
  environment: string;
  site: string;
}

/**
 * Points an (environment, site) target at a version, only if an unexpired approval covers exactly that target.
 * The target row is locked for the transaction, so of two racing promotions one wins and the other finds
 * the version already deployed (409). The audit entry carries who approved and on what evidence, so history
 * can be rebuilt from the audit trail alone.
 */
@Injectable()
export class PromoteVersionUseCase {
  constructor(
    private readonly db: DataSource,
    private readonly models: RegisteredModelRepository,
    private readonly versions: ModelVersionRepository,
    private readonly requests: ApprovalRequestRepository,
    private readonly deployments: DeploymentRepository,
    private readonly audit: AuditLogRepository,
    private readonly changes: DeploymentChanges,
    private readonly assessor: ApprovalAssessor,
  ) {}

  /** A refusal names the open request covering the target and what it still needs, so nobody has to look it up. */
  private async withWhatIsMissing(
    e: unknown,
    requests: ApprovalRequestEntity[],
    cmd: PromoteVersionCommand,
    model: RegisteredModelEntity,
    submitter: string,
  ): Promise<unknown> {
    if (!(e instanceof DomainError) || e.code !== 'promotion_not_approved') return e;
    const open = requests.find(
      (r) =>
        r.status === 'open' &&
        r.modelVersion?.version === cmd.version &&
        r.environment === cmd.environment &&
        (r.sites.length === 0 || r.sites.includes(cmd.site)),
    );
    if (!open) return e;
    const { evaluation } = await this.assessor.assess(open, model, submitter);
    return new DomainError(e.code, e.message, e.errors, {
      ...e.extra,
      openRequestId: open.id,
      missing: evaluation.missing,
    });
  }

  async execute(cmd: PromoteVersionCommand) {
    const result = await this.db.transaction(async (em) => {
      const model = await this.models.findByName(cmd.modelName, em);
      if (!model) throw RegistryErrors.modelNotFound(cmd.modelName);
      const version = await this.versions.findOne(model.id, cmd.version, em);
      if (!version) throw RegistryErrors.versionNotFound(cmd.modelName, cmd.version);
      const target = await this.deployments.lockTarget(em, model.id, cmd.environment, cmd.site);
      if (target.version === cmd.version) {
        throw new DomainError(
          'already_deployed',
          `${cmd.modelName}@${cmd.version} is already deployed to ${cmd.environment} at ${cmd.site}; nothing changed.`,
        );
      }
      const requests = await this.requests.forModel(model.id, em);
      let approval;
      try {
        approval = checkPromotion({
          environment: cmd.environment,
          site: cmd.site,
          version: { model: model.name, number: cmd.version },
          now: new Date(),
          approvals: requests.map((r) => ({
            request: r,
            versionNumber: r.modelVersion!.version,
            environment: r.environment,
            sites: r.sites.length === 0 ? null : r.sites,
            status: r.status as ApprovalRequestStatus,
            expiresAt: r.expiresAt,
          })),
        }).request;
      } catch (e) {
        throw await this.withWhatIsMissing(e, requests, cmd, model, version.createdBy);
      }
      if (version.status === 'archived' || approval.artifactSha256 !== version.artifactSha256) {
        throw new DomainError(
          'promotion_not_approved',
          `${cmd.modelName}@${cmd.version} is ${version.status}; it cannot be promoted.`,
        );
      }
      const signatures = await this.requests.signatures(approval.id, em);
      const previous = await moveTarget(this.deployments, em, {
        target,
        kind: 'promote',
        version: cmd.version,
        approvalRequestId: approval.id,
        reason: null,
        actor: cmd.principal.name,
      });
      await this.audit.append(
        em,
        auditBy(cmd, {
          action: 'deployment.promoted',
          entityType: 'deployment_target',
          entityId: `${model.name}:${cmd.environment}:${cmd.site}`,
          before: { version: previous },
          after: {
            model: model.name,
            environment: cmd.environment,
            site: cmd.site,
            version: cmd.version,
            artifactSha256: version.artifactSha256,
            approvalRequestId: approval.id,
            approvedBy: approvedBy(signatures),
            evidence: approval.evidence,
            approvalExpiresAt: approval.expiresAt?.toISOString() ?? null,
          },
        }),
      );
      await this.changes.announce(em, cmd.site);
      return { previousVersion: previous, approvalRequestId: approval.id };
    });
    this.changes.forget(cmd.site);
    return { model: cmd.modelName, version: cmd.version, environment: cmd.environment, site: cmd.site, ...result };
  }
}
