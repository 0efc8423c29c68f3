import { Injectable } from '@nestjs/common';
import { DomainError, RegistryErrors } from '@vigil/domain';
import { ApprovalPolicyEntity, ApprovalPolicyRepository, RegisteredModelRepository } from '@vigil/persistence';

@Injectable()
export class GetApprovalPolicyUseCase {
  constructor(
    private readonly models: RegisteredModelRepository,
    private readonly policies: ApprovalPolicyRepository,
  ) {}

  async execute(modelName: string): Promise<ApprovalPolicyEntity> {
    const model = await this.models.findByName(modelName);
    if (!model) throw RegistryErrors.modelNotFound(modelName);
    const policy = await this.policies.current(model.id);
    if (!policy) {
      throw new DomainError(
        'no_approval_policy',
        `Model "${modelName}" has no approval policy yet; an admin sets one with "vigil policy set".`,
      );
    }
    return policy;
  }
}
