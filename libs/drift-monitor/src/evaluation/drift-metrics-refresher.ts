import { Inject, Injectable } from '@nestjs/common';
import type { WindowReport } from '@vigil/drift';
import { DriftMonitorRepository } from '@vigil/persistence';
import type { Registry } from 'prom-client';
import { DRIFT_MONITOR_OPTIONS, type DriftMonitorOptions } from '../drift-monitor-options';
import { DriftMetricsExporter, type StreamSnapshot } from '../metrics';

/** The prom-client registry the monitor's /metrics serves; provided by the app. */
export const DRIFT_METRICS_REGISTRY = Symbol('DRIFT_METRICS_REGISTRY');

/**
 * Copies the latest evaluated window of every stream and the open-ticket counts into the Prometheus exporter, so
 * a scrape reads memory only (fast, and the same on every replica: the values come from the shared database).
 * The inputs window supplies the feature, prediction and feedback series; the performance window (evaluated
 * later, once labels had time to arrive) supplies the performance series.
 */
@Injectable()
export class DriftMetricsRefresher {
  readonly exporter: DriftMetricsExporter;

  constructor(
    private readonly repo: DriftMonitorRepository,
    @Inject(DRIFT_METRICS_REGISTRY) registry: Registry,
    @Inject(DRIFT_MONITOR_OPTIONS) private readonly options: DriftMonitorOptions,
  ) {
    this.exporter = new DriftMetricsExporter({ registry, topFeatures: options.metricsTopFeatures });
  }

  async refresh(now: Date = new Date()): Promise<void> {
    // Only streams still watched: a version replaced long ago keeps its windows but leaves /metrics.
    const watched = new Set(
      (await this.repo.watchedStreams(new Date(now.getTime() - this.options.replacedStreamLookbackMs))).map(
        (s) => `${s.modelId}\u0000${s.version}\u0000${s.site}`,
      ),
    );
    const performances = new Map(
      (await this.repo.referencePerformances()).map((r) => [
        `${r.modelId}\u0000${r.version}\u0000${r.site}`,
        r.performance,
      ]),
    );
    const windows = (await this.repo.latestWindows()).filter((w) =>
      watched.has(`${w.modelId}\u0000${w.version}\u0000${w.site}`),
    );
    const byStream = new Map<string, { inputs?: (typeof windows)[number]; performance?: (typeof windows)[number] }>();
    for (const w of windows) {
      const key = `${w.modelId}\u0000${w.version}\u0000${w.site}`;
      const entry = byStream.get(key) ?? {};
      entry[w.phase] = w;
      byStream.set(key, entry);
    }
    const snapshots: StreamSnapshot[] = [];
    for (const { inputs, performance } of byStream.values()) {
      const base = inputs ?? performance;
      if (!base) continue;
      const report = { ...(base.report as unknown as WindowReport) };
      if (inputs && performance) report.performance = (performance.report as unknown as WindowReport).performance;
      const approved = performances.get(`${base.modelId}\u0000${base.version}\u0000${base.site}`) as
        { auroc?: number | null; sensitivity?: number | null; ppv?: number | null } | null | undefined;
      snapshots.push({
        referencePerformance: approved
          ? { auroc: approved.auroc ?? null, sensitivity: approved.sensitivity ?? null, ppv: approved.ppv ?? null }
          : null,
        model: base.modelName,
        version: base.version,
        site: base.site,
        windowStart: base.windowStart,
        windowEnd: base.windowEnd,
        report,
      });
    }
    this.exporter.setStreams(snapshots);
    this.exporter.setTicketCounts(await this.repo.openTicketCounts());
  }
}
