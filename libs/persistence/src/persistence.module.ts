import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiTokenRepository } from './repositories/api-token.repository';
import { AuditLogRepository } from './repositories/audit-log.repository';
import { ModelVersionRepository } from './repositories/model-version.repository';
import { RegisteredModelRepository } from './repositories/registered-model.repository';
import { PrincipalRepository } from './repositories/principal.repository';
import { ApprovalPolicyRepository } from './repositories/approval-policy.repository';
import { ApprovalRequestRepository } from './repositories/approval-request.repository';
import { DeploymentRepository } from './repositories/deployment.repository';
import { IdempotencyRepository } from './repositories/idempotency.repository';
import { ValidationJobRepository } from './repositories/validation-job.repository';
import { ValidationRunRepository } from './repositories/validation-run.repository';
import { SiteDatasetRepository } from './repositories/site-dataset.repository';
import { AcceptanceCriteriaRepository } from './repositories/acceptance-criteria.repository';
import { DriftEventRepository } from './repositories/drift-event.repository';
import { DriftMonitorRepository } from './repositories/drift-monitor.repository';
import { MonitoringPolicyRepository } from './repositories/monitoring-policy.repository';

const REPOSITORIES = [
  AuditLogRepository,
  RegisteredModelRepository,
  ModelVersionRepository,
  ApiTokenRepository,
  PrincipalRepository,
  ApprovalPolicyRepository,
  ApprovalRequestRepository,
  DeploymentRepository,
  IdempotencyRepository,
  SiteDatasetRepository,
  AcceptanceCriteriaRepository,
  ValidationRunRepository,
  ValidationJobRepository,
  DriftEventRepository,
  DriftMonitorRepository,
  MonitoringPolicyRepository,
];

/** Provides the app's DataSource (already initialised and migrated by the caller) and the repositories. */
@Global()
@Module({})
export class PersistenceModule {
  static forDataSource(dataSource: DataSource): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [{ provide: DataSource, useValue: dataSource }, ...REPOSITORIES],
      exports: [DataSource, ...REPOSITORIES],
    };
  }
}
