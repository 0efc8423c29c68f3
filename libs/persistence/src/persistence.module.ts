import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiTokenRepository } from './repositories/api-token.repository';
import { AuditLogRepository } from './repositories/audit-log.repository';
import { ModelVersionRepository } from './repositories/model-version.repository';
import { RegisteredModelRepository } from './repositories/registered-model.repository';
import { PrincipalRepository } from './repositories/principal.repository';

const REPOSITORIES = [
  AuditLogRepository,
  RegisteredModelRepository,
  ModelVersionRepository,
  ApiTokenRepository,
  PrincipalRepository,
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
