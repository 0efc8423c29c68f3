import { type DynamicModule, Global, Module } from '@nestjs/common';
import { MonitorMetrics } from './monitor-metrics';

/** Makes the one MonitorMetrics (created at start-up, shared with the Fastify hooks) injectable everywhere. */
@Global()
@Module({})
export class MonitorMetricsModule {
  static forInstance(metrics: MonitorMetrics): DynamicModule {
    return {
      module: MonitorMetricsModule,
      providers: [{ provide: MonitorMetrics, useValue: metrics }],
      exports: [MonitorMetrics],
    };
  }
}
