import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  ApprovalRequestLifecycle,
  type ApprovalRequestStatus,
  DomainError,
  assertTransition,
  type Principal,
  approvalExpiry,
  canonicalJson,
  checkCanSign,
  parseApprovalPolicy,
  rulesForTarget,
} from '@vigil/domain';
import {
  ApprovalPolicyRepository,
  ApprovalRequestEntity,
  ApprovalRequestRepository,
  ApprovalSignatureEntity,
  AuditLogRepository,
  PrincipalRepository,
} from '@vigil/persistence';
import { PasswordHasher, assertFreshAuthentication } from '@vigil/platform';
import { DataSource } from 'typeorm';
import { type Actor, auditBy } from '../shared/actor';
import { ApprovalAssessor } from './approval-assessment';

export interface SignApprovalCommand extends Actor {
  approvalRequestId: string;
  decision: 'approve' | 'reject';
  meaning: string;
  reason: string;
  /** Re-authentication for people signed in with an API token (two components: identity + password). */
  password?: string;
}

export interface SignApprovalResult {
  request: ApprovalRequestEntity;
  signature: ApprovalSignatureEntity;
}

/**
 * Records an electronic signature: re-authenticates the signer, refuses what the rules forbid (service
 * accounts, the submitter, a second signature, a stale or decided request), stores printed name, role, server
 * time, decision, meaning, reason and the hash of what was signed, then lets the policy decide the request.
 */
@Injectable()
export class SignApprovalUseCase {
  constructor(
    private readonly db: DataSource,
    private readonly requests: ApprovalRequestRepository,
    private readonly policies: ApprovalPolicyRepository,
    private readonly principals: PrincipalRepository,
    private readonly audit: AuditLogRepository,
    private readonly assessor: ApprovalAssessor,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(cmd: SignApprovalCommand): Promise<SignApprovalResult> {
    const authMethod = await this.reauthenticate(cmd.principal, cmd.password);
    const outcome = await this.db.transaction(async (em) => {
      const request = await this.requests.lock(em, cmd.approvalRequestId);
      if (!request?.modelVersion?.model) throw notFound(cmd.approvalRequestId);
      const version = request.modelVersion;
      const model = request.modelVersion.model;

      if (request.status === 'open' || request.status === 'approved') {
        const current = await this.policies.current(model.id, em);
        const staleBecause =
          version.status === 'archived'
            ? `${model.name}@${version.version} was archived`
            : version.artifactSha256 !== request.artifactSha256
              ? 'the version no longer has the artifact the request was bound to'
              : current?.policyVersion !== request.policyVersion
                ? `the approval policy changed (version ${request.policyVersion} → ${current?.policyVersion ?? 'none'})`
                : null;
        if (staleBecause) {
          const before = request.status;
          assertTransition(ApprovalRequestLifecycle, before as ApprovalRequestStatus, 'stale', 'The approval request');
          request.status = 'stale';
          request.rowVersion += 1;
          await this.requests.save(em, request);
          await this.audit.append(
            em,
            auditBy(cmd, {
              action: 'approval_request.stale',
              entityType: 'approval_request',
              entityId: request.id,
              before: { status: before },
              after: { status: 'stale', because: staleBecause },
            }),
          );
          return { stale: staleBecause } as const;
        }
      }

      const policyRow = await this.policies.byVersion(model.id, request.policyVersion);
      const policy = parseApprovalPolicy(policyRow?.document);
      const { rules } = rulesForTarget(policy, request.environment, request.sites.length === 0 ? null : request.sites);
      const existing = await this.requests.signatures(request.id, em);
      checkCanSign({
        signer: { id: cmd.principal.name, kind: cmd.principal.kind, roles: [cmd.principal.role] },
        submitterId: version.createdBy,
        requestStatus: request.status as never,
        signedBy: existing.map((s) => s.printedName),
        rules,
      });

      const signedAt = new Date();
      const signedContent = {
        requestId: request.id,
        model: model.name,
        version: version.version,
        artifactSha256: request.artifactSha256,
        environment: request.environment,
        sites: request.sites,
        policyVersion: request.policyVersion,
        evidence: request.evidence,
        signer: { id: cmd.principal.id, printedName: cmd.principal.name, role: cmd.principal.role },
        decision: cmd.decision,
        meaning: cmd.meaning,
        reason: cmd.reason,
        signedAt: signedAt.toISOString(),
      };
      const signature = await this.requests.addSignature(
        em,
        Object.assign(new ApprovalSignatureEntity(), {
          id: randomUUID(),
          requestId: request.id,
          signerId: cmd.principal.id,
          printedName: cmd.principal.name,
          signerRole: cmd.principal.role,
          signerAttributes: cmd.principal.attributes,
          decision: cmd.decision,
          meaning: cmd.meaning,
          reason: cmd.reason,
          authMethod,
          signedAt,
          signedHash: createHash('sha256').update(canonicalJson(signedContent)).digest('hex'),
        }),
      );

      const { evaluation } = await this.assessor.assess(request, model, version.createdBy, em);
      const before = { status: request.status };
      if (evaluation.status !== 'pending') {
        assertTransition(
          ApprovalRequestLifecycle,
          request.status as ApprovalRequestStatus,
          evaluation.status,
          'The approval request',
        );
        request.status = evaluation.status;
        request.decidedAt = signedAt;
        if (evaluation.status === 'approved') request.expiresAt = approvalExpiry(signedAt, policy).expiresAt;
        request.rowVersion += 1;
        await this.requests.save(em, request);
      }
      await this.audit.append(
        em,
        auditBy(cmd, {
          action: 'approval_request.signed',
          entityType: 'approval_request',
          entityId: request.id,
          before,
          after: {
            status: request.status,
            signature: {
              id: signature.id,
              printedName: signature.printedName,
              role: signature.signerRole,
              decision: signature.decision,
              meaning: signature.meaning,
              reason: signature.reason,
              signedAt: signedAt.toISOString(),
              signedHash: signature.signedHash,
              authMethod,
            },
            expiresAt: request.expiresAt?.toISOString() ?? null,
          },
        }),
      );
      return { request, signature } as const;
    });
    if ('stale' in outcome) {
      throw new DomainError(
        'approval_request_not_open',
        `This request went stale because ${outcome.stale}; open a new request.`,
      );
    }
    return outcome;
  }

  /** Two identification components outside the continuous session: the password again, or a fresh OIDC login. */
  private async reauthenticate(principal: Principal, password: string | undefined): Promise<string> {
    if (principal.kind !== 'person') {
      throw new DomainError(
        'signer_not_a_person',
        `"${principal.name}" is a service account; only people can sign approvals.`,
      );
    }
    if (principal.via.type === 'oidc') {
      try {
        assertFreshAuthentication({ authTime: principal.via.authTime }, new Date());
      } catch {
        throw new DomainError(
          'reauthentication_failed',
          'Signing needs a fresh login: sign in to your identity provider again (at most 5 minutes ago) and retry.',
        );
      }
      return 'oidc';
    }
    const person = await this.principals.findById(principal.id);
    const ok =
      password !== undefined &&
      person?.passwordHash != null &&
      (await this.hasher.verify(password, person.passwordHash));
    if (!ok) {
      throw new DomainError(
        'reauthentication_failed',
        'Signing needs your password again, and the one given does not match (or none was given).',
      );
    }
    return 'password';
  }
}

function notFound(id: string): DomainError {
  return new DomainError('approval_request_not_found', `No approval request with id "${id}".`);
}
