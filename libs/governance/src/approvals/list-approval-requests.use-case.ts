import { Injectable } from '@nestjs/common';
import { RegistryErrors, expiryState, expiryWarningDaysOf } from '@vigil/domain';
import { ApprovalPolicyRepository, ApprovalRequestRepository, RegisteredModelRepository } from '@vigil/persistence';

export interface ApprovalRequestSummary {
  id: string;
  version: number;
  environment: string;
  sites: string[];
  status: string;
  requestedBy: string;
  createdAt: string;
  expiresAt: string | null;
  /** For approved requests with a lifetime: whether it is nearing expiry or past it (reported, never ignored). */
  expiry: 'valid' | 'expiring' | 'expired' | null;
}

@Injectable()
export class ListApprovalRequestsUseCase {
  constructor(
    private readonly models: RegisteredModelRepository,
    private readonly requests: ApprovalRequestRepository,
    private readonly policies: ApprovalPolicyRepository,
  ) {}

  async execute(modelName: string): Promise<ApprovalRequestSummary[]> {
    const model = await this.models.findByName(modelName);
    if (!model) throw RegistryErrors.modelNotFound(modelName);
    const now = new Date();
    // The "expiring" window is the one the approving policy version set, as on the request and the manifest.
    const warningDays = new Map<number, number>();
    const requests = await this.requests.forModel(model.id);
    for (const v of new Set(requests.map((r) => r.policyVersion))) {
      const p = await this.policies.byVersion(model.id, v);
      warningDays.set(v, expiryWarningDaysOf(p?.document ?? {}));
    }
    return requests.map((r) => ({
      id: r.id,
      version: r.modelVersion!.version,
      environment: r.environment,
      sites: r.sites,
      status: r.status,
      requestedBy: r.requestedBy,
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.expiresAt?.toISOString() ?? null,
      expiry:
        r.status === 'approved' && r.expiresAt
          ? expiryState(r.expiresAt, now, warningDays.get(r.policyVersion)!)
          : null,
    }));
  }
}
