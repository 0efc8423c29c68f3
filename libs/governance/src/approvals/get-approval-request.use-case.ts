import { Injectable } from '@nestjs/common';
import { DomainError } from '@vigil/domain';
import { type ApprovalRequestEntity, ApprovalRequestRepository } from '@vigil/persistence';
import { type ApprovalAssessment, ApprovalAssessor } from './approval-assessment';

export interface ApprovalRequestView {
  request: ApprovalRequestEntity;
  assessment: ApprovalAssessment;
}

@Injectable()
export class GetApprovalRequestUseCase {
  constructor(
    private readonly requests: ApprovalRequestRepository,
    private readonly assessor: ApprovalAssessor,
  ) {}

  async execute(id: string): Promise<ApprovalRequestView> {
    const request = /^[0-9a-f-]{36}$/i.test(id) ? await this.requests.findById(id) : null;
    const version = request?.modelVersion;
    if (!request || !version?.model)
      throw new DomainError('approval_request_not_found', `No approval request with id "${id}".`);
    return { request, assessment: await this.assessor.assess(request, version.model, version.createdBy) };
  }
}
