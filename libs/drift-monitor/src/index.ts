// The drift monitor's server side (docs/drift-monitor.md): monitoring policies, frozen reference profiles,
// window evaluation, incidents and governance tickets, outbound ticket sinks and the Prometheus exporter.
export * from './sinks';
export * from './policies';
export * from './drift-monitor-options';
export * from './evaluation';
export * from './tickets';
export * from './metrics';
export * from './status';
