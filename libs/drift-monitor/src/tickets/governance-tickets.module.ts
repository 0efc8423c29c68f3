import { Module } from '@nestjs/common';
import { MonitoringPolicyModule } from '../policies/monitoring-policy.module';
import { MonitoringStatusQuery } from '../status/monitoring-status.query';
import { TicketRecorder } from './ticket-recorder';
import { GovernanceTickets } from './ticket-use-cases';

/**
 * Governance tickets as people read and act on them (list, show, acknowledge, resolve): imported by the registry,
 * which serves them under /api/v1/tickets. Needs the global PersistenceModule.
 */
@Module({
  imports: [MonitoringPolicyModule],
  providers: [TicketRecorder, GovernanceTickets, MonitoringStatusQuery],
  exports: [GovernanceTickets, MonitoringStatusQuery],
})
export class GovernanceTicketsModule {}
