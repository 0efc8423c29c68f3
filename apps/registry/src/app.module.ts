import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { GovernanceTicketsModule, MonitoringPolicyModule } from '@vigil/drift-monitor';
import { GovernanceAuditModule, GovernanceFeatureModule } from '@vigil/governance';
import { IdempotencyRepository, PersistenceModule } from '@vigil/persistence';
import {
  AuthGuard,
  DtoValidationPipe,
  IdempotencyModule,
  JobQueueModule,
  type JobQueueOptions,
  type OidcVerifier,
  ProblemDetailsFilter,
  TOKEN_AUTHENTICATOR,
  loggerOptions,
} from '@vigil/platform';
import {
  RegistryFeatureModule,
  type RegistryOptions,
  TokenAuthenticationService,
  type ValidationRunOptions,
  ValidationRunsModule,
} from '@vigil/registry';
import type { ArtifactStore } from '@vigil/storage';
import type { DataSource } from 'typeorm';
import { AuditController } from './controllers/audit.controller';
import { GovernanceController } from './controllers/governance.controller';
import { HealthController } from './controllers/health.controller';
import { ModelsController } from './controllers/models.controller';
import { TokensController } from './controllers/tokens.controller';
import { VersionsController } from './controllers/versions.controller';
import { ValidationJobsController } from './controllers/validation-jobs.controller';
import { ValidationRunsController } from './controllers/validation-runs.controller';
import { DatasetsController } from './controllers/datasets.controller';
import { AcceptanceCriteriaController } from './controllers/acceptance-criteria.controller';
import { MonitoringPolicyController } from './controllers/monitoring-policy.controller';
import { TicketsController } from './controllers/tickets.controller';
import { MonitoringStatusController } from './controllers/monitoring-status.controller';
import { HttpMetrics } from './http/http-metrics';

export const CONTROLLERS = [
  HealthController,
  ModelsController,
  VersionsController,
  TokensController,
  AuditController,
  GovernanceController,
  ValidationRunsController,
  ValidationJobsController,
  DatasetsController,
  AcceptanceCriteriaController,
  MonitoringPolicyController,
  TicketsController,
  MonitoringStatusController,
];

export interface AppModuleDeps {
  dataSource: DataSource;
  store: ArtifactStore;
  options: RegistryOptions;
  logLevel: string;
  metrics: HttpMetrics;
  oidcVerifier: OidcVerifier | null;
  queue: JobQueueOptions;
  validation: ValidationRunOptions;
}

@Module({})
export class AppModule {
  static register(deps: AppModuleDeps): DynamicModule {
    const feature = RegistryFeatureModule.register(deps.store, deps.options, deps.oidcVerifier);
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(deps.logLevel)),
        PersistenceModule.forDataSource(deps.dataSource),
        feature,
        GovernanceAuditModule,
        GovernanceFeatureModule.register(deps.store),
        JobQueueModule.register(deps.queue),
        ValidationRunsModule.register(deps.validation),
        MonitoringPolicyModule,
        GovernanceTicketsModule,
        IdempotencyModule.register(IdempotencyRepository),
      ],
      controllers: CONTROLLERS,
      providers: [
        { provide: HttpMetrics, useValue: deps.metrics },
        { provide: TOKEN_AUTHENTICATOR, useExisting: TokenAuthenticationService },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useClass: DtoValidationPipe },
      ],
    };
  }
}
