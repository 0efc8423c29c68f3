import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The registry's Prometheus metrics: process defaults plus request duration by route. */
export class HttpMetrics {
  readonly registry = new Registry();
  readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'vigil_registry_' });
    this.duration = new Histogram({
      name: 'vigil_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route template (not raw path, to bound cardinality).',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [this.registry],
    });
  }
}
