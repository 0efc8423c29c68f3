import { type DynamicModule, Module } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { DRIFT_MONITOR_OPTIONS, type DriftMonitorOptions } from '../drift-monitor-options';
import { MonitoringPolicyModule } from '../policies/monitoring-policy.module';
import type { TicketSink } from '../sinks/ticket-sink';
import { TICKET_SINKS, TicketDispatcher } from '../tickets/ticket-dispatcher';
import { TicketRecorder } from '../tickets/ticket-recorder';
import { DRIFT_METRICS_REGISTRY, DriftMetricsRefresher } from './drift-metrics-refresher';
import { DriftMonitorScheduler } from './drift-monitor-scheduler';
import { WindowEvaluator } from './window-evaluator.service';

export interface DriftEvaluationDeps {
  options: DriftMonitorOptions;
  /** Where ticket events are delivered (webhook, Jira); empty for none. */
  sinks: TicketSink[];
  /** The registry /metrics serves. */
  metricsRegistry: Registry;
}

/**
 * The drift monitor's periodic work (window evaluation, ticket delivery, /metrics refresh), run by the drift
 * monitor app. Needs the global PersistenceModule.
 */
@Module({})
export class DriftEvaluationModule {
  static register(deps: DriftEvaluationDeps): DynamicModule {
    return {
      module: DriftEvaluationModule,
      imports: [MonitoringPolicyModule],
      providers: [
        { provide: DRIFT_MONITOR_OPTIONS, useValue: deps.options },
        { provide: TICKET_SINKS, useValue: deps.sinks },
        { provide: DRIFT_METRICS_REGISTRY, useValue: deps.metricsRegistry },
        TicketRecorder,
        WindowEvaluator,
        TicketDispatcher,
        DriftMetricsRefresher,
        DriftMonitorScheduler,
      ],
      exports: [WindowEvaluator, TicketDispatcher, DriftMetricsRefresher],
    };
  }
}
