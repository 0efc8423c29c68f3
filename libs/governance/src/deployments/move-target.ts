import { randomUUID } from 'node:crypto';
import {
  type ApprovalSignatureEntity,
  DeploymentEventEntity,
  type DeploymentRepository,
  type DeploymentTargetEntity,
} from '@vigil/persistence';
import type { EntityManager } from 'typeorm';

export interface TargetMove {
  target: DeploymentTargetEntity;
  kind: 'promote' | 'rollback';
  version: number;
  approvalRequestId: string | null;
  reason: string | null;
  actor: string;
}

/**
 * Points a locked target at a version and appends the event that rollback later replays; both promotion and
 * rollback go through here so the target and its history never disagree. Returns the version it replaced.
 */
export async function moveTarget(
  deployments: DeploymentRepository,
  em: EntityManager,
  move: TargetMove,
): Promise<number | null> {
  const { target } = move;
  const previous = target.version;
  const now = new Date();
  Object.assign(target, {
    version: move.version,
    approvalRequestId: move.approvalRequestId,
    updatedBy: move.actor,
    updatedAt: now,
  });
  await deployments.saveTarget(em, target);
  await deployments.addEvent(
    em,
    Object.assign(new DeploymentEventEntity(), {
      id: randomUUID(),
      modelId: target.modelId,
      environment: target.environment,
      site: target.site,
      kind: move.kind,
      version: move.version,
      previousVersion: previous,
      approvalRequestId: move.approvalRequestId,
      reason: move.reason,
      actor: move.actor,
      occurredAt: now,
    }),
  );
  return previous;
}

/** Who approved, as the audit trail keeps it, so point-in-time history needs nothing else. */
export function approvedBy(signatures: ApprovalSignatureEntity[]) {
  return signatures
    .filter((s) => s.decision === 'approve')
    .map((s) => ({ name: s.printedName, role: s.signerRole, signedAt: s.signedAt.toISOString(), meaning: s.meaning }));
}
