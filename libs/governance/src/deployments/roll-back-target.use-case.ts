import { Injectable } from '@nestjs/common';
import { DomainError, RegistryErrors, previousApprovedVersion } from '@vigil/domain';
import {
  ApprovalRequestRepository,
  AuditLogRepository,
  type DeploymentEventEntity,
  DeploymentRepository,
  RegisteredModelRepository,
} from '@vigil/persistence';
import { DataSource } from 'typeorm';
import { type Actor, auditBy } from '../shared/actor';
import { DeploymentChanges } from './deployment-changes';
import { approvedBy, moveTarget } from './move-target';

export interface RollBackTargetCommand extends Actor {
  modelName: string;
  environment: string;
  site: string;
  reason: string;
}

/** Puts back the previous approved version of one target in one call; needs no new approval, always audited. */
@Injectable()
export class RollBackTargetUseCase {
  constructor(
    private readonly db: DataSource,
    private readonly models: RegisteredModelRepository,
    private readonly requests: ApprovalRequestRepository,
    private readonly deployments: DeploymentRepository,
    private readonly audit: AuditLogRepository,
    private readonly changes: DeploymentChanges,
  ) {}

  async execute(cmd: RollBackTargetCommand) {
    const target = `${cmd.environment} at ${cmd.site}`;
    const result = await this.db.transaction(async (em) => {
      const model = await this.models.findByName(cmd.modelName, em);
      if (!model) throw RegistryErrors.modelNotFound(cmd.modelName);
      const current = await this.deployments.lockTarget(em, model.id, cmd.environment, cmd.site);
      if (current.version === null) {
        throw new DomainError(
          'nothing_to_roll_back',
          `${model.name} has never been deployed to ${target}; there is nothing to roll back.`,
        );
      }
      const events = await this.deployments.events(model.id, cmd.environment, cmd.site, em);
      const requests = new Map((await this.requests.forModel(model.id, em)).map((r) => [r.id, r]));
      const valid = (id: string | null) => {
        const r = id ? requests.get(id) : undefined;
        return r !== undefined && (r.status === 'approved' || r.status === 'expired');
      };
      // Promotions push a version, rollbacks pop one: replaying the events gives the stack a rollback walks
      // down, so a second rollback goes further back instead of returning to the version just pulled.
      const stack: DeploymentEventEntity[] = [];
      for (const e of [...events].reverse()) {
        if (e.kind === 'promote') stack.push(e);
        else stack.pop();
      }
      let back;
      try {
        back = previousApprovedVersion(
          stack.map((e, i) => ({
            version: e.version,
            deployedAt: new Date(i),
            approvalValid: valid(e.approvalRequestId),
            event: e,
          })),
          current.version,
          `${model.name} ${target}`,
        );
      } catch (e) {
        if (e instanceof DomainError) throw new DomainError('nothing_to_roll_back', e.message);
        throw e;
      }
      const from = current.version;
      await moveTarget(this.deployments, em, {
        target: current,
        kind: 'rollback',
        version: back.version,
        approvalRequestId: back.event.approvalRequestId,
        reason: cmd.reason,
        actor: cmd.principal.name,
      });
      const approval = back.event.approvalRequestId ? requests.get(back.event.approvalRequestId) : undefined;
      const signatures = approval ? await this.requests.signatures(approval.id, em) : [];
      await this.audit.append(
        em,
        auditBy(cmd, {
          action: 'deployment.rolled_back',
          entityType: 'deployment_target',
          entityId: `${model.name}:${cmd.environment}:${cmd.site}`,
          before: { version: from },
          after: {
            model: model.name,
            environment: cmd.environment,
            site: cmd.site,
            version: back.version,
            reason: cmd.reason,
            approvalRequestId: back.event.approvalRequestId,
            approvedBy: approvedBy(signatures),
            evidence: approval?.evidence ?? null,
          },
        }),
      );
      await this.changes.announce(em, cmd.site);
      return { fromVersion: from, version: back.version };
    });
    this.changes.forget(cmd.site);
    return { model: cmd.modelName, environment: cmd.environment, site: cmd.site, ...result };
  }
}
