export * from './stream-snapshot';
export * from './drift-metric-families';
export * from './exported-features';
export * from './drift-metrics.exporter';
