import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { DriftIngestModule, type DriftIngestOptions } from '@vigil/drift-ingest';
import { DriftEvaluationModule, type DriftMonitorOptions, type TicketSink } from '@vigil/drift-monitor';
import { IdempotencyRepository, PersistenceModule } from '@vigil/persistence';
import {
  AuthGuard,
  DtoValidationPipe,
  IdempotencyModule,
  type OidcVerifier,
  ProblemDetailsFilter,
  TOKEN_AUTHENTICATOR,
  loggerOptions,
} from '@vigil/platform';
import {
  OIDC_VERIFIER,
  OidcAuthentication,
  REGISTRY_OPTIONS,
  type RegistryOptions,
  TokenAuthenticationService,
} from '@vigil/registry';
import type { DataSource } from 'typeorm';
import { DriftEventsController } from './controllers/drift-events.controller';
import { HealthController } from './controllers/health.controller';
import { IngestTally } from './metrics/ingest-tally';
import type { MonitorMetrics } from './metrics/monitor-metrics';
import { MonitorMetricsModule } from './metrics/monitor-metrics.module';

export const CONTROLLERS = [HealthController, DriftEventsController];

export interface DriftMonitorModuleDeps {
  dataSource: DataSource;
  logLevel: string;
  metrics: MonitorMetrics;
  oidcVerifier: OidcVerifier | null;
  tokenCacheMs: number;
  ingest: DriftIngestOptions;
  evaluation: DriftMonitorOptions;
  sinks: TicketSink[];
}

@Module({})
export class AppModule {
  static register(deps: DriftMonitorModuleDeps): DynamicModule {
    // Token authentication is the registry's (same tables, same cache rule); of its options it reads only the
    // cache time, the upload settings do not apply here.
    const registryOptions: RegistryOptions = {
      tokenCacheMs: deps.tokenCacheMs,
      maxArtifactBytes: 0,
      maxDatasetBytes: 0,
      uploadDir: '',
      maxConcurrentInspections: 1,
    };
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(deps.logLevel)),
        PersistenceModule.forDataSource(deps.dataSource),
        MonitorMetricsModule.forInstance(deps.metrics),
        IdempotencyModule.register(IdempotencyRepository),
        DriftIngestModule.register(deps.ingest),
        // Window evaluation, incidents, tickets and their delivery, and the drift series on /metrics.
        DriftEvaluationModule.register({
          options: deps.evaluation,
          sinks: deps.sinks,
          metricsRegistry: deps.metrics.registry,
        }),
      ],
      controllers: CONTROLLERS,
      providers: [
        { provide: REGISTRY_OPTIONS, useValue: registryOptions },
        { provide: OIDC_VERIFIER, useValue: deps.oidcVerifier },
        OidcAuthentication,
        TokenAuthenticationService,
        { provide: TOKEN_AUTHENTICATOR, useExisting: TokenAuthenticationService },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useClass: DtoValidationPipe },
        IngestTally,
      ],
    };
  }
}
