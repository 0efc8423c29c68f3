import { Module } from '@nestjs/common';
import { AuditLogReader } from '@vigil/persistence';
import { ListAuditLogUseCase } from './list-audit-log.use-case';
import { VerifyAuditTrailUseCase } from './verify-audit-trail.use-case';

/** Reading and verifying the audit trail. The DataSource and repositories come from the global PersistenceModule. */
@Module({
  providers: [AuditLogReader, VerifyAuditTrailUseCase, ListAuditLogUseCase],
  exports: [VerifyAuditTrailUseCase, ListAuditLogUseCase],
})
export class GovernanceAuditModule {}
