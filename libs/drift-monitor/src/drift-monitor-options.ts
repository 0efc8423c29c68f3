export const DRIFT_MONITOR_OPTIONS = Symbol('DRIFT_MONITOR_OPTIONS');

/** How the drift monitor evaluates and where its tickets link to (docs/drift-monitor.md). */
export interface DriftMonitorOptions {
  /** The registry's public URL, for the links a ticket carries (version, validation report, approval). */
  registryUrl: string;
  /** This replica's name, stored with every window it evaluates. */
  instanceName: string;
  /** Versions replaced at a site within this long are still evaluated (their late events and labels count). */
  replacedStreamLookbackMs: number;
  /** Windows evaluated per stream and phase in one pass (a stream far behind catches up over several passes). */
  maxWindowsPerRun: number;
  /** How often the evaluation pass runs; 0 = never on its own (tests call `runOnce`). */
  evaluationIntervalMs: number;
  /** How often /metrics' drift series are refreshed from the database; 0 = never on its own. */
  metricsRefreshIntervalMs: number;
  /** Features with their own `feature` series per stream on /metrics (the worst by PSI); the rest are summarised. */
  metricsTopFeatures: number;
  /** How often outbound sinks are given pending ticket events; 0 = never on its own. */
  dispatchIntervalMs: number;
}

export const DEFAULT_DRIFT_MONITOR_OPTIONS: DriftMonitorOptions = {
  registryUrl: 'http://localhost:8080',
  instanceName: 'drift-monitor',
  replacedStreamLookbackMs: 14 * 86_400_000,
  maxWindowsPerRun: 48,
  evaluationIntervalMs: 60_000,
  metricsRefreshIntervalMs: 15_000,
  metricsTopFeatures: 10,
  dispatchIntervalMs: 5_000,
};
