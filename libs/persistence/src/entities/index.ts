import { ApiTokenEntity } from './api-token.entity';
import { AuditLogEntryEntity } from './audit-log-entry.entity';
import { ModelVersionEntity } from './model-version.entity';
import { RegisteredModelEntity } from './registered-model.entity';

export { ApiTokenEntity, AuditLogEntryEntity, ModelVersionEntity, RegisteredModelEntity };

/** Every entity, listed explicitly (never globbed) so the app, the tests and the migration check agree. */
export const ENTITIES = [RegisteredModelEntity, ModelVersionEntity, ApiTokenEntity, AuditLogEntryEntity];
