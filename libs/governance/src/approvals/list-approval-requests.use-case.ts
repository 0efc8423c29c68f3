import { Injectable } from '@nestjs/common';
import { DEFAULT_EXPIRY_WARNING_DAYS, RegistryErrors, expiryState } from '@vigil/domain';
import { ApprovalRequestRepository, RegisteredModelRepository } from '@vigil/persistence';

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
  ) {}

  async execute(modelName: string): Promise<ApprovalRequestSummary[]> {
    const model = await this.models.findByName(modelName);
    if (!model) throw RegistryErrors.modelNotFound(modelName);
    const now = new Date();
    return (await this.requests.forModel(model.id)).map((r) => ({
      id: r.id,
      version: r.modelVersion!.version,
      environment: r.environment,
      sites: r.sites,
      status: r.status,
      requestedBy: r.requestedBy,
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.expiresAt?.toISOString() ?? null,
      expiry:
        r.status === 'approved' && r.expiresAt ? expiryState(r.expiresAt, now, DEFAULT_EXPIRY_WARNING_DAYS) : null,
    }));
  }
}
