import type { ApprovalRequestView } from '@vigil/governance';
import type { ApprovalPolicyEntity, PrincipalEntity } from '@vigil/persistence';

/** Never the password hash. */
export function presentPerson(p: PrincipalEntity) {
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    email: p.email,
    role: p.role,
    attributes: p.attributes,
    createdAt: p.createdAt.toISOString(),
  };
}

export function presentPolicy(model: string, p: ApprovalPolicyEntity) {
  return {
    model,
    policyVersion: p.policyVersion,
    policy: p.document,
    createdBy: p.createdBy,
    createdAt: p.createdAt.toISOString(),
  };
}

export function presentApprovalView({ request: r, assessment: a }: ApprovalRequestView) {
  return {
    id: r.id,
    model: r.modelVersion?.model?.name,
    version: r.modelVersion?.version,
    artifactSha256: r.artifactSha256,
    environment: r.environment,
    sites: r.sites,
    status: r.status,
    policyVersion: r.policyVersion,
    evidence: r.evidence,
    note: r.note,
    requestedBy: r.requestedBy,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    expiry: a.expiry,
    missing: r.status === 'open' ? a.evaluation.missing : [],
    signatures: a.signatures.map((s) => ({
      id: s.id,
      printedName: s.printedName,
      role: s.signerRole,
      attributes: s.signerAttributes,
      decision: s.decision,
      meaning: s.meaning,
      reason: s.reason,
      signedAt: s.signedAt.toISOString(),
      signedHash: s.signedHash,
      authMethod: s.authMethod,
    })),
  };
}
