import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, RegistryErrors, checkPolicySatisfiable, isRole, parseApprovalPolicy } from '@vigil/domain';
import {
  ApprovalPolicyEntity,
  ApprovalPolicyRepository,
  ApprovalRequestRepository,
  AuditLogRepository,
  PrincipalRepository,
  RegisteredModelRepository,
} from '@vigil/persistence';
import { DataSource } from 'typeorm';
import { type Actor, auditBy } from '../shared/actor';

export interface SetApprovalPolicyCommand extends Actor {
  modelName: string;
  document: unknown;
}

/**
 * Puts a new version of a model's approval policy in force. A policy no set of existing people could satisfy
 * is refused; requests opened or approved under the previous policy go stale in the same transaction.
 */
@Injectable()
export class SetApprovalPolicyUseCase {
  constructor(
    private readonly db: DataSource,
    private readonly models: RegisteredModelRepository,
    private readonly policies: ApprovalPolicyRepository,
    private readonly requests: ApprovalRequestRepository,
    private readonly principals: PrincipalRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async execute(cmd: SetApprovalPolicyCommand): Promise<{ policy: ApprovalPolicyEntity; staleRequests: string[] }> {
    const policy = parseApprovalPolicy(cmd.document);
    const people = await this.principals.activePeople();
    const problems = checkPolicySatisfiable(
      policy,
      people
        .filter((p) => isRole(p.role))
        .map((p) => ({ id: p.id, kind: p.kind, roles: [p.role as never], attributes: p.attributes })),
    );
    if (problems.length > 0) {
      throw new DomainError(
        'policy_unsatisfiable',
        `This policy could never be met with the people registered now: ${problems.map((p) => p.message).join('; ')}.`,
        problems,
      );
    }
    return this.db.transaction(async (em) => {
      const model = await this.models.lockByName(em, cmd.modelName);
      if (!model) throw RegistryErrors.modelNotFound(cmd.modelName);
      const previous = await this.policies.current(model.id, em);
      const saved = await this.policies.save(
        em,
        Object.assign(new ApprovalPolicyEntity(), {
          id: randomUUID(),
          modelId: model.id,
          policyVersion: (previous?.policyVersion ?? 0) + 1,
          document: policy as unknown as Record<string, unknown>,
          createdBy: cmd.principal.name,
          createdAt: new Date(),
        }),
      );
      const stale = previous ? await this.requests.markStale(em, { modelId: model.id }) : [];
      await this.audit.append(
        em,
        auditBy(cmd, {
          action: 'approval_policy.set',
          entityType: 'model',
          entityId: model.name,
          before: previous ? { policyVersion: previous.policyVersion, policy: previous.document } : null,
          after: { policyVersion: saved.policyVersion, policy: saved.document, staleRequests: stale.map((r) => r.id) },
        }),
      );
      return { policy: saved, staleRequests: stale.map((r) => r.id) };
    });
  }
}
