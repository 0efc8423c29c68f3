import { Module } from '@nestjs/common';
import { GetMonitoringPolicyUseCase } from './get-monitoring-policy.use-case';
import { ListMonitoringPolicyRevisionsUseCase } from './list-monitoring-policy-revisions.use-case';
import { MonitoringPolicyInForce } from './monitoring-policy-in-force.service';
import { SetMonitoringPolicyUseCase } from './set-monitoring-policy.use-case';

const PROVIDERS = [
  SetMonitoringPolicyUseCase,
  GetMonitoringPolicyUseCase,
  ListMonitoringPolicyRevisionsUseCase,
  MonitoringPolicyInForce,
];

/**
 * Storing, reading and listing monitoring policies, and the policy in force for the evaluator. Needs the global
 * PersistenceModule; the registry serves the HTTP routes, the drift monitor reads the policy in force.
 */
@Module({ providers: PROVIDERS, exports: PROVIDERS })
export class MonitoringPolicyModule {}
