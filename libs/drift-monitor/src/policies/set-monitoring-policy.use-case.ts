import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Principal, RegistryErrors, parseMonitoringPolicy } from '@vigil/domain';
import {
  AuditLogRepository,
  MonitoringPolicyEntity,
  MonitoringPolicyRepository,
  RegisteredModelRepository,
} from '@vigil/persistence';
import { requireIfMatch } from '@vigil/platform';
import { DataSource } from 'typeorm';
import { monitoringPolicyHash } from './monitoring-policy-hash';

export interface SetMonitoringPolicyCommand {
  modelName: string;
  /** The document as written (YAML or JSON, already parsed); checked by `parseMonitoringPolicy`. */
  document: unknown;
  /** Optional: the ETag of the revision the writer read (`"0"` for none yet), so two edits cannot cross. */
  ifMatch: string | undefined;
  principal: Principal;
  /** Ties the audit entry to the request's log lines. */
  requestId: string | null;
}

/**
 * Puts a new revision of a model's monitoring policy in force: revision n+1, never an edit of n, so every judged
 * window and ticket can name the rules it was judged by. Audited with the policy's hash in the same transaction.
 */
@Injectable()
export class SetMonitoringPolicyUseCase {
  constructor(
    private readonly db: DataSource,
    private readonly models: RegisteredModelRepository,
    private readonly policies: MonitoringPolicyRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async execute(cmd: SetMonitoringPolicyCommand): Promise<MonitoringPolicyEntity> {
    const policy = parseMonitoringPolicy(cmd.document);
    return this.db.transaction(async (em) => {
      // The model row lock serialises revision numbering per model.
      const model = await this.models.lockByName(em, cmd.modelName);
      if (!model) throw RegistryErrors.modelNotFound(cmd.modelName);
      const previous = await this.policies.latest(model.id, em);
      if (cmd.ifMatch !== undefined) requireIfMatch(cmd.ifMatch, previous?.revision ?? 0);
      const saved = await this.policies.save(
        em,
        Object.assign(new MonitoringPolicyEntity(), {
          id: randomUUID(),
          modelId: model.id,
          revision: (previous?.revision ?? 0) + 1,
          policy: policy as unknown as Record<string, unknown>,
          source: JSON.stringify(cmd.document, null, 2),
          createdBy: cmd.principal.name,
          createdAt: new Date(),
        }),
      );
      await this.audit.append(em, {
        actor: cmd.principal.name,
        actorRole: cmd.principal.role,
        requestId: cmd.requestId,
        action: 'monitoring_policy.set',
        entityType: 'model',
        entityId: model.name,
        before: previous
          ? { policyRevision: previous.revision, policySha256: monitoringPolicyHash(previous.policy) }
          : null,
        after: {
          policyRevision: saved.revision,
          policySha256: monitoringPolicyHash(saved.policy),
          policy: saved.policy,
        },
      });
      return saved;
    });
  }
}
