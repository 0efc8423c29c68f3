import { type DynamicModule, Module } from '@nestjs/common';
import { ARTIFACT_STORE, type ArtifactStore } from '@vigil/storage';
import { PasswordHasher } from '@vigil/platform';
import { ApprovalAssessor } from './approvals/approval-assessment';
import { GetApprovalRequestUseCase } from './approvals/get-approval-request.use-case';
import { ListApprovalRequestsUseCase } from './approvals/list-approval-requests.use-case';
import { RequestApprovalUseCase } from './approvals/request-approval.use-case';
import { SignApprovalUseCase } from './approvals/sign-approval.use-case';
import { DeploymentChanges } from './deployments/deployment-changes';
import { PromoteVersionUseCase } from './deployments/promote-version.use-case';
import { RollBackTargetUseCase } from './deployments/roll-back-target.use-case';
import { SiteHistoryUseCase } from './deployments/site-history.use-case';
import { SiteManifestService } from './deployments/site-manifest.service';
import { CreatePersonUseCase } from './people/create-person.use-case';
import { GetApprovalPolicyUseCase } from './policies/get-approval-policy.use-case';
import { SetApprovalPolicyUseCase } from './policies/set-approval-policy.use-case';

const PROVIDERS = [
  { provide: PasswordHasher, useValue: new PasswordHasher() },
  ApprovalAssessor,
  CreatePersonUseCase,
  SetApprovalPolicyUseCase,
  GetApprovalPolicyUseCase,
  RequestApprovalUseCase,
  SignApprovalUseCase,
  GetApprovalRequestUseCase,
  ListApprovalRequestsUseCase,
  DeploymentChanges,
  PromoteVersionUseCase,
  RollBackTargetUseCase,
  SiteManifestService,
  SiteHistoryUseCase,
];

/** Governance: people, approval policies, requests and signatures, promotion, rollback, manifests, history. */
@Module({})
export class GovernanceFeatureModule {
  static register(store: ArtifactStore): DynamicModule {
    return {
      module: GovernanceFeatureModule,
      providers: [{ provide: ARTIFACT_STORE, useValue: store }, ...PROVIDERS],
      exports: PROVIDERS,
    };
  }
}
