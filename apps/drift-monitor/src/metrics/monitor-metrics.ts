import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type IngestKind = 'events' | 'outcomes' | 'feedback';

/**
 * The drift monitor's Prometheus registry: process defaults, request duration by route, and what ingestion
 * stored. Injectable, so other modules of the app (the drift evaluation, the ticket sinks) add their collectors
 * to `registry` and everything leaves through the one `/metrics`.
 */
export class MonitorMetrics {
  readonly registry = new Registry();
  readonly duration: Histogram<'method' | 'route' | 'status_code'>;
  /** Rows stored, by the model and site of the event (outcomes and feedback: of the event they belong to). */
  readonly ingested: Counter<'model' | 'site' | 'kind'>;
  /** Items received but not stored: already there (a retry) or, for outcomes and feedback, a conflict. */
  readonly duplicates: Counter<'model' | 'site' | 'kind'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'vigil_drift_monitor_' });
    this.duration = new Histogram({
      name: 'vigil_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route template (not raw path, to bound cardinality).',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [this.registry],
    });
    this.ingested = new Counter({
      name: 'vigil_events_ingested_total',
      help: 'Items stored by the ingestion routes (kind: events, outcomes, feedback), counted once, after commit.',
      labelNames: ['model', 'site', 'kind'],
      registers: [this.registry],
    });
    this.duplicates = new Counter({
      name: 'vigil_events_duplicate_total',
      help: 'Items received but not stored because their event id was already there (retries, conflicts).',
      labelNames: ['model', 'site', 'kind'],
      registers: [this.registry],
    });
  }
}
