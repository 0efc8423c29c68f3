import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DRIFT_MONITOR_OPTIONS, type DriftMonitorOptions } from '../drift-monitor-options';
import { TicketDispatcher } from '../tickets/ticket-dispatcher';
import { DriftMetricsRefresher } from './drift-metrics-refresher';
import { WindowEvaluator } from './window-evaluator.service';

/**
 * Runs the monitor's periodic work: window evaluation, ticket delivery and the /metrics refresh, each on its own
 * timer, never overlapping itself (a pass that runs long delays the next one rather than running beside it). A
 * failing pass is logged and retried on the next tick; nothing is lost, since every pass starts from the database.
 */
@Injectable()
export class DriftMonitorScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(DriftMonitorScheduler.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<string>();
  private stopped = false;

  constructor(
    private readonly evaluator: WindowEvaluator,
    private readonly dispatcher: TicketDispatcher,
    private readonly metrics: DriftMetricsRefresher,
    @Inject(DRIFT_MONITOR_OPTIONS) private readonly options: DriftMonitorOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.every('evaluation', this.options.evaluationIntervalMs, () => this.evaluator.runOnce());
    this.every('dispatch', this.options.dispatchIntervalMs, () => this.dispatcher.runOnce());
    this.every('metrics', this.options.metricsRefreshIntervalMs, () => this.metrics.refresh());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    // Let a pass in flight finish its transaction rather than cut it (it would roll back and rerun anyway).
    for (let i = 0; i < 100 && this.running.size > 0; i++) await new Promise((r) => setTimeout(r, 100));
  }

  private every(name: string, intervalMs: number, pass: () => Promise<unknown>): void {
    if (intervalMs <= 0) return;
    const tick = () => {
      if (this.stopped || this.running.has(name)) return;
      this.running.add(name);
      pass()
        .catch((e: unknown) =>
          this.log.error(`${name} pass failed (retried next tick): ${e instanceof Error ? e.message : String(e)}`),
        )
        .finally(() => this.running.delete(name));
    };
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    this.timers.push(timer);
    setImmediate(tick);
  }
}
